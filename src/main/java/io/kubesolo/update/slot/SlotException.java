package io.kubesolo.update.slot;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A slot could not be found, mounted, read or written. */
public final class SlotException extends UpdateException {

    public SlotException(String message) {
        super(Outcome.FAILED, message);
    }

    /** For a slot operation a policy says no to, such as writing the active slot ({@link Outcome#REFUSED}). */
    public SlotException(Outcome outcome, String message) {
        super(outcome, message);
    }

    public SlotException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
