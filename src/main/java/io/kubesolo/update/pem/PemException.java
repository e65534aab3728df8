package io.kubesolo.update.pem;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * PEM text that does not hold what was asked for. The message says what the text holds or lacks
 * (e.g. "holds no PEM CERTIFICATE block"); callers put the file or field it came from in front.
 */
public final class PemException extends UpdateException {

    public PemException(String message) {
        super(Outcome.FAILED, message);
    }

    public PemException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
