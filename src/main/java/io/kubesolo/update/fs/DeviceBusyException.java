package io.kubesolo.update.fs;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** Another command holds the device lock ({@link DeviceLock}); exit status 4. */
public final class DeviceBusyException extends UpdateException {

    public DeviceBusyException(String message) {
        super(Outcome.BUSY, message);
    }
}
