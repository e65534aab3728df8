package io.kubesolo.update.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.BookkeepingFile;
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

    /** A key given twice makes the file unreadable (so idle): it is not something this agent wrote. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Path file;
    private final Consumer<String> warnings;

    public StateStore(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    public Path file() {
        return file;
    }

    public UpdateState read() {
        return BookkeepingFile.read(
                file,
                MAX_STATE_BYTES,
                bytes -> JSON.readValue(bytes, StoredState.class).toState(),
                UpdateState.initial(),
                "state file " + file,
                "reading it as idle",
                warnings);
    }

    public void write(UpdateState state) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(StoredState.of(state)));
        } catch (IOException e) {
            throw new StateException("cannot write state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The wire form of {@link UpdateState}: snake_case keys, RFC 3339 times, phase by name. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StoredState(
            @JsonProperty("phase") String phase,
            @JsonProperty("from_version") String fromVersion,
            @JsonProperty("to_version") String toVersion,
            @JsonProperty("started_at") String startedAt,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("attempt_count") int attemptCount,
            @JsonProperty("health_check_failures") int healthCheckFailures) {

        static StoredState of(UpdateState state) {
            return new StoredState(
                    state.phase().wireName(),
                    state.fromVersion(),
                    state.toVersion(),
                    format(state.startedAt()),
                    format(state.updatedAt()),
                    state.lastError(),
                    state.attemptCount(),
                    state.healthCheckFailures());
        }

        UpdateState toState() {
            Phase parsed = Phase.fromWireName(phase)
                    .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + phase + "'"));
            if (attemptCount < 0 || healthCheckFailures < 0) {
                throw new IllegalArgumentException("negative counter");
            }
            return new UpdateState(
                    parsed,
                    fromVersion,
                    toVersion,
                    parse(startedAt),
                    parse(updatedAt),
                    lastError,
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
}
