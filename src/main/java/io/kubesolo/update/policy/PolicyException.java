package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * A gate said no ({@link Outcome#REFUSED}), or a gate could not be evaluated because one of its
 * inputs is not of the right form ({@link Outcome#FAILED}): a version string that is not a version,
 * a maintenance window that is not {@code HH:MM-HH:MM}.
 */
public final class PolicyException extends UpdateException {

    public PolicyException(Outcome outcome, String message) {
        super(outcome, message);
    }
}
