package io.kubesolo.update.metrics;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** Metrics could not be served or written, or their bookkeeping file could not be replaced. */
public final class MetricsException extends UpdateException {

    public MetricsException(Outcome outcome, String message) {
        super(outcome, message);
    }

    public MetricsException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
    }
}
