package io.kubesolo.update.cloudinit;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** The user data could not be read, or its {@code updates:} block is not something update.conf can hold. */
public final class CloudInitException extends UpdateException {

    public CloudInitException(String message) {
        super(Outcome.FAILED, message);
    }

    public CloudInitException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
