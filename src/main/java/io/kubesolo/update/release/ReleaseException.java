package io.kubesolo.update.release;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A release could not be built: a key pair, signature or release file could not be written or read. */
public final class ReleaseException extends UpdateException {

    public ReleaseException(String message) {
        super(Outcome.FAILED, message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
