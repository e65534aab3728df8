package io.kubesolo.update.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-27T10:05:00Z");

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private StateStore store() {
        return new StateStore(dir.resolve("var/lib/kubesolo/update/state.json"), warnings::add);
    }

    @Test
    void missingFileReadsAsIdleWithoutWarning() {
        assertThat(store().read()).isEqualTo(UpdateState.initial());
        assertThat(warnings).isEmpty();
    }

    @Test
    void writesEverySpecKeyInSnakeCase() throws IOException {
        StateStore store = store();
        store.write(UpdateState.initial().startAttempt("v0.2.0", "v0.3.0", T0).fail("digest mismatch", T1));

        JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(store.file()));
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "phase",
                        "from_version",
                        "to_version",
                        "started_at",
                        "updated_at",
                        "last_error",
                        "attempt_count",
                        "health_check_failures");
        assertThat(json.get("phase").asText()).isEqualTo("failed");
        assertThat(json.get("from_version").asText()).isEqualTo("v0.2.0");
        assertThat(json.get("to_version").asText()).isEqualTo("v0.3.0");
        assertThat(json.get("started_at").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(json.get("updated_at").asText()).isEqualTo("2026-11-27T10:05:00Z");
        assertThat(json.get("last_error").asText()).isEqualTo("digest mismatch");
        assertThat(json.get("attempt_count").asInt()).isEqualTo(1);
    }

    @Test
    void roundTripsEveryPhase() {
        StateStore store = store();
        for (Phase phase : Phase.values()) {
            UpdateState state = new UpdateState(phase, "v1.0.0", "v1.1.0", T0, T1, "why", 2, 1);
            store.write(state);
            assertThat(store.read()).isEqualTo(state);
        }
    }

    @Test
    void corruptFileReadsAsIdleWithAWarning() throws IOException {
        StateStore store = store();
        Files.createDirectories(store.file().getParent());
        for (String junk : List.of(
                "{",
                "not json",
                "[]",
                "{\"phase\":\"exploded\"}",
                "{\"phase\":\"idle\",\"attempt_count\":-1}",
                "{\"phase\":\"idle\",\"started_at\":\"yesterday\"}",
                "")) {
            warnings.clear();
            Files.writeString(store.file(), junk, StandardCharsets.UTF_8);
            assertThat(store.read()).as(junk).isEqualTo(UpdateState.initial());
            assertThat(warnings).as(junk).singleElement().asString().contains("reading it as idle");
        }
    }

    @Test
    void oversizedFileReadsAsIdle() throws IOException {
        StateStore store = store();
        Files.createDirectories(store.file().getParent());
        Files.write(store.file(), new byte[200_000]);
        assertThat(store.read()).isEqualTo(UpdateState.initial());
        assertThat(warnings).singleElement().asString().contains("larger than");
    }

    @Test
    void writeLeavesNoTemporaryFile() throws IOException {
        StateStore store = store();
        store.write(UpdateState.initial());
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void unwritableLocationIsAStateException() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        StateStore store = new StateStore(blocker.resolve("state.json"), warnings::add);
        assertThatThrownBy(() -> store.write(UpdateState.initial()))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot write state file");
    }
}
