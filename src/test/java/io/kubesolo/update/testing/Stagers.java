package io.kubesolo.update.testing;

import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.stage.ProgressReporter;
import io.kubesolo.update.stage.Stager;
import io.kubesolo.update.verify.TrustedKeys;
import java.util.function.Consumer;

/**
 * Stagers as tests make them: what a test varies is a parameter; the rest is no retry, no deadline
 * and no log.
 */
public final class Stagers {

    private Stagers() {}

    public static Stager of(UpdateSource source, TrustedKeys trustedKeys, ProgressReporter progress) {
        return new Stager(source, trustedKeys, progress, Retry.none(), Deadline.none(), line -> {});
    }

    /** A stager that continues broken downloads with {@code retry}, logging each continuation to {@code log}. */
    public static Stager retrying(UpdateSource source, Retry retry, Consumer<String> log) {
        return new Stager(source, TrustedKeys.none(), ProgressReporter.silent(), retry, Deadline.none(), log);
    }
}
