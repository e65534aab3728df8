package io.kubesolo.update.lifecycle;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A lifecycle step cannot run in the device's present condition (nothing staged, no slot to fall back to). */
public final class LifecycleException extends UpdateException {

    public LifecycleException(String message) {
        super(Outcome.FAILED, message);
    }
}
