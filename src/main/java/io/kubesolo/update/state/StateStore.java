package io.kubesolo.update.state;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.BookkeepingFile;
import io.kubesolo.update.fs.BookkeepingJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reads and replaces state.json (spec §7). A missing file reads as idle; a corrupt one reads as
 * idle too, with a warning, because a device must never refuse to boot-check or roll back over a
 * damaged bookkeeping file. Writes are atomic (temporary file, fsync, rename, fsync directory).
 */
public final class StateStore {

    /** state.json is a handful of short fields; anything larger is not ours. */
    private static final long MAX_STATE_BYTES = 64 * 1024;

    private final Path file;
    private final Consumer<String> warnings;

    public StateStore(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    public Path file() {
        return file;
    }

    /** A key given twice makes the file unreadable (so idle): it is not something this agent wrote. */
    public UpdateState read() {
        return BookkeepingFile.read(
                file,
                MAX_STATE_BYTES,
                bytes -> fromJson(BookkeepingJson.read(bytes)),
                UpdateState.initial(),
                "state file " + file,
                "reading it as idle",
                warnings);
    }

    public void write(UpdateState state) {
        try {
            AtomicFiles.write(file, toJson(state));
        } catch (IOException e) {
            throw new StateException("cannot write state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The wire form of {@link UpdateState}: snake_case keys, RFC 3339 times, phase by name, every key written. */
    private static byte[] toJson(UpdateState state) {
        return new BookkeepingJson.Writer()
                .string("phase", state.phase().wireName())
                .string("from_version", state.fromVersion())
                .string("to_version", state.toVersion())
                .string("started_at", format(state.startedAt()))
                .string("updated_at", format(state.updatedAt()))
                .string("last_error", state.lastError())
                .integer("attempt_count", state.attemptCount())
                .integer("health_check_failures", state.healthCheckFailures())
                .toBytes();
    }

    private static UpdateState fromJson(BookkeepingJson.Fields json) {
        String phase = json.string("phase");
        Phase parsed = Phase.fromWireName(phase)
                .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + phase + "'"));
        int attemptCount = json.smallInteger("attempt_count");
        int healthCheckFailures = json.smallInteger("health_check_failures");
        if (attemptCount < 0 || healthCheckFailures < 0) {
            throw new IllegalArgumentException("negative counter");
        }
        return new UpdateState(
                parsed,
                json.string("from_version"),
                json.string("to_version"),
                parse(json.string("started_at")),
                parse(json.string("updated_at")),
                json.string("last_error"),
                attemptCount,
                healthCheckFailures);
    }

    private static String format(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
