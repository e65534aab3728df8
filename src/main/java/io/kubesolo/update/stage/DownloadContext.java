package io.kubesolo.update.stage;

import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import java.util.function.Consumer;

/**
 * What every download of one staging shares, full or delta: the source, the progress reporter,
 * the retry policy, the staging's deadline and the log of resumptions and fallbacks.
 */
record DownloadContext(
        UpdateSource source, ProgressReporter progress, Retry retry, Deadline deadline, Consumer<String> log) {}
