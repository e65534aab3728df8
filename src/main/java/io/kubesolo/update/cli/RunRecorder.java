package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.metrics.LastRunStore;
import io.kubesolo.update.metrics.MetricsException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records how each {@code check} and {@code apply} ended in last-run.json, for the metrics and
 * {@code status}: when, with what result (and why, when refused or failed), which version was
 * offered, and what a download cost. A run that throws is recorded as refused or failed and the
 * error goes on to the caller unchanged. This is bookkeeping: when the record cannot be written (a
 * read-only data partition), that is a warning and the run's own outcome stands.
 */
final class RunRecorder {

    private final LastRunStore store;
    private final Clock clock;
    private final Consumer<String> warnings;

    RunRecorder(LastRunStore store, Clock clock, Consumer<String> warnings) {
        this.store = store;
        this.clock = clock;
        this.warnings = warnings;
    }

    /** The recorder of the device whose state file is {@code stateFile}; warnings go to {@code err}. */
    static RunRecorder nextTo(Path stateFile, Clock clock, PrintWriter err) {
        Consumer<String> warnings = warning -> Log.warn(err, warning);
        return new RunRecorder(LastRunStore.nextTo(stateFile, warnings), clock, warnings);
    }

    /** Runs {@code run}, recording a refusal or failure if it throws one. */
    <T> T record(Supplier<T> run) {
        try {
            return run.get();
        } catch (UpdateException e) {
            CheckResult result = e.outcome() == Outcome.REFUSED ? CheckResult.REFUSED : CheckResult.FAILED;
            save(() -> store.recordCheck(clock.instant(), result, null, e.getMessage()));
            throw e;
        }
    }

    void checked(CheckResult result, String offeredVersion) {
        checked(result, offeredVersion, null);
    }

    /** Records a check's result; {@code reason} says why when it was refused, else null. */
    void checked(CheckResult result, String offeredVersion, String reason) {
        save(() -> store.recordCheck(clock.instant(), result, offeredVersion, reason));
    }

    void downloaded(long bytes, long reused, Duration took) {
        save(() -> store.recordDownload(bytes, reused, took));
    }

    private void save(Runnable write) {
        try {
            write.run();
        } catch (MetricsException e) {
            warnings.accept(e.getMessage() + "; the metrics will not show this run");
        }
    }
}
