package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.metrics.LastRunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Records how each {@code check} and {@code apply} ended in last-run.json, for the metrics: when,
 * with what result, which version was offered, and what a download cost. A run that throws is
 * recorded as refused or failed and the error goes on to the caller unchanged.
 */
final class RunRecorder {

    private final LastRunStore store;
    private final Clock clock;

    RunRecorder(LastRunStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Runs {@code run}, recording a refusal or failure if it throws one. */
    <T> T record(Supplier<T> run) {
        try {
            return run.get();
        } catch (UpdateException e) {
            store.recordCheck(clock.instant(), e.outcome() == Outcome.REFUSED ? CheckResult.REFUSED : CheckResult.FAILED,
                    null);
            throw e;
        }
    }

    void checked(CheckResult result, String offeredVersion) {
        store.recordCheck(clock.instant(), result, offeredVersion);
    }

    void downloaded(long bytes, long reused, Duration took) {
        store.recordDownload(bytes, reused, took);
    }
}
