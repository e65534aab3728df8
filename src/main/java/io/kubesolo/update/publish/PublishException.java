package io.kubesolo.update.publish;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A release could not be built: a key pair, signature or release file could not be written or read. */
public final class PublishException extends UpdateException {

    public PublishException(String message) {
        super(Outcome.FAILED, message);
    }

    public PublishException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
