package io.kubesolo.update.tls;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A certificate authority bundle, client certificate or key that cannot be used; the message names the file. */
public final class TlsException extends UpdateException {

    public TlsException(String message) {
        super(Outcome.FAILED, message);
    }

    public TlsException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
