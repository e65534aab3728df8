package io.kubesolo.update.stage;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * Staging a release into the passive slot did not work: a download broke off, an artifact's size,
 * digest or signature is wrong ({@link Outcome#FAILED}, or {@link Outcome#REFUSED} for a missing
 * signature while keys are configured), or the slot could not be written.
 */
public final class StageException extends UpdateException {

    public StageException(Outcome outcome, String message) {
        super(outcome, message);
    }

    public StageException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
