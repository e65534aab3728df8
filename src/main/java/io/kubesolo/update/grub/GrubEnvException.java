package io.kubesolo.update.grub;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * The GRUB environment block could not be read, understood or written: a missing or corrupt
 * {@code grubenv}, a variable that does not fit, a boot variable holding a value the agent does not
 * know. Always {@link Outcome#FAILED}.
 */
public final class GrubEnvException extends UpdateException {

    public GrubEnvException(String message) {
        super(Outcome.FAILED, message);
    }

    public GrubEnvException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
