package io.kubesolo.update.fs;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A file of the agent's own (the device lock) cannot be created, locked or released. */
public final class FsException extends UpdateException {

    public FsException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
