package io.kubesolo.update.health;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * A health check could not be set up or could not reach what it checks: a kubeconfig that cannot be
 * read, a key in a form the agent does not know, an API answer that is not what Kubernetes sends.
 * A check turns it into a FAILED result; it only escapes when the configuration itself is wrong.
 */
public final class HealthException extends UpdateException {

    public HealthException(String message) {
        super(Outcome.FAILED, message);
    }

    public HealthException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
