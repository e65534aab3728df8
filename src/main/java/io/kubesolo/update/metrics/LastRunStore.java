package io.kubesolo.update.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.BookkeepingFile;
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
 * it was refused or failed), {@code bytes_downloaded},
 * {@code download_seconds}.
 */
public final class LastRunStore {

    public static final String FILE_NAME = "last-run.json";

    /** A handful of short fields; anything larger is not ours. */
    private static final long MAX_BYTES = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
                bytes -> JSON.readValue(bytes, Stored.class).toLastRun(),
                LastRun.none(),
                file.toString(),
                "ignoring it",
                warnings);
    }

    public void write(LastRun run) {
        try {
            AtomicFiles.writeShared(file, JSON.writeValueAsBytes(Stored.of(run)));
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
    public LastRun recordDownload(long bytes, Duration took) {
        LastRun run = read().downloaded(bytes, took);
        write(run);
        return run;
    }

    /** The wire form of {@link LastRun}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Stored(
            @JsonProperty("checked_at") String checkedAt,
            @JsonProperty("check_result") String checkResult,
            @JsonProperty("available_version") String availableVersion,
            @JsonProperty("reason") String reason,
            @JsonProperty("bytes_downloaded") long bytesDownloaded,
            @JsonProperty("download_seconds") double downloadSeconds) {

        static Stored of(LastRun run) {
            return new Stored(
                    run.checkedAt() == null ? null : run.checkedAt().toString(),
                    run.checkResult() == null ? null : run.checkResult().wireName(),
                    run.availableVersion(),
                    run.reason(),
                    run.bytesDownloaded(),
                    run.downloadSeconds());
        }

        LastRun toLastRun() {
            CheckResult result = checkResult == null
                    ? null
                    : CheckResult.fromWireName(checkResult)
                            .orElseThrow(
                                    () -> new IllegalArgumentException("unknown check_result '" + checkResult + "'"));
            return new LastRun(
                    checkedAt == null ? null : Instant.parse(checkedAt),
                    result,
                    availableVersion,
                    reason,
                    bytesDownloaded,
                    downloadSeconds);
        }
    }
}
