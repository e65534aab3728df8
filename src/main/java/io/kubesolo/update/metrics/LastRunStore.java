package io.kubesolo.update.metrics;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.BookkeepingFile;
import io.kubesolo.update.fs.BookkeepingJson;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reads and replaces {@code last-run.json}, the {@link LastRun} record, which lives next to
 * state.json ({@code /var/lib/kubesolo/update/last-run.json}). A missing file reads as
 * {@link LastRun#none()}; so does a corrupt one, with a warning: these are statistics, and a damaged
 * file must never stop an update or a scrape. Writes are atomic.
 *
 * <p>Keys: {@code checked_at} (RFC 3339), {@code check_result} ({@code up_to_date}, {@code available},
 * {@code held_back}, {@code refused}, {@code failed}), {@code available_version}, {@code reason} (why
 * it was refused or failed), {@code bytes_downloaded}, {@code download_seconds},
 * {@code last_bytes_fetched}, {@code last_bytes_reused} (absent in files written before delta
 * updates: read as 0).
 */
public final class LastRunStore {

    public static final String FILE_NAME = "last-run.json";

    /** A handful of short fields; anything larger is not ours. */
    private static final long MAX_BYTES = 16 * 1024;

    private final Path file;
    private final Consumer<String> warnings;

    public LastRunStore(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** The store in the directory of {@code stateFile}, so that {@code --state} moves both. */
    public static LastRunStore nextTo(Path stateFile, Consumer<String> warnings) {
        return new LastRunStore(stateFile.resolveSibling(FILE_NAME), warnings);
    }

    public Path file() {
        return file;
    }

    public LastRun read() {
        return BookkeepingFile.read(
                file,
                MAX_BYTES,
                bytes -> fromJson(BookkeepingJson.read(bytes)),
                LastRun.none(),
                file.toString(),
                "ignoring it",
                warnings);
    }

    public void write(LastRun run) {
        try {
            AtomicFiles.writeShared(file, toJson(run));
        } catch (IOException e) {
            throw new MetricsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a check that finished at {@code at}, keeping the download figures; returns what was written. */
    public LastRun recordCheck(Instant at, CheckResult result, String offeredVersion) {
        return recordCheck(at, result, offeredVersion, null);
    }

    /** Records a check that was refused or failed for {@code reason}; returns what was written. */
    public LastRun recordCheck(Instant at, CheckResult result, String offeredVersion, String reason) {
        LastRun run = read().checked(at, result, offeredVersion, reason);
        write(run);
        return run;
    }

    /** Records a finished download, adding its bytes to the total; returns what was written. */
    public LastRun recordDownload(long bytes, long reused, Duration took) {
        LastRun run = read().downloaded(bytes, reused, took);
        write(run);
        return run;
    }

    /** The wire form of {@link LastRun}, every key written. */
    private static byte[] toJson(LastRun run) {
        return new BookkeepingJson.Writer()
                .string(
                        "checked_at",
                        run.checkedAt() == null ? null : run.checkedAt().toString())
                .string(
                        "check_result",
                        run.checkResult() == null ? null : run.checkResult().wireName())
                .string("available_version", run.availableVersion())
                .string("reason", run.reason())
                .integer("bytes_downloaded", run.bytesDownloaded())
                .number("download_seconds", run.downloadSeconds())
                .integer("last_bytes_fetched", run.lastFetched())
                .integer("last_bytes_reused", run.lastReused())
                .toBytes();
    }

    private static LastRun fromJson(BookkeepingJson.Fields json) {
        String checkedAt = json.string("checked_at");
        String checkResult = json.string("check_result");
        CheckResult result = checkResult == null
                ? null
                : CheckResult.fromWireName(checkResult)
                        .orElseThrow(() -> new IllegalArgumentException("unknown check_result '" + checkResult + "'"));
        return new LastRun(
                checkedAt == null ? null : Instant.parse(checkedAt),
                result,
                json.string("available_version"),
                json.string("reason"),
                json.integer("bytes_downloaded"),
                json.number("download_seconds"),
                json.integer("last_bytes_fetched"),
                json.integer("last_bytes_reused"));
    }
}
