package io.kubesolo.update.state;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** The state file could not be written. (An unreadable one reads as idle; see {@link StateStore}.) */
public final class StateException extends UpdateException {

    public StateException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
