package io.kubesolo.update.config;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** update.conf could not be read, or one of its values is not of the right form. */
public final class ConfigException extends UpdateException {

    public ConfigException(String message) {
        super(Outcome.FAILED, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
