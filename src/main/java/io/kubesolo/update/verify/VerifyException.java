package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * Something about a digest, a key or a signature is not as required. A signature that does not
 * verify is {@link Outcome#REFUSED} (the trust policy said no); an unreadable or malformed key
 * file, or a malformed digest, is {@link Outcome#FAILED}.
 */
public final class VerifyException extends UpdateException {

    public VerifyException(Outcome outcome, String message) {
        super(outcome, message);
    }

    public VerifyException(Outcome outcome, String message, Throwable cause) {
        super(outcome, message, cause);
    }
}
