package io.kubesolo.update.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastRunStoreTest {

    private static final Instant AT = Instant.parse("2026-11-27T11:00:00Z");

    @TempDir
    Path directory;

    private final List<String> warnings = new ArrayList<>();

    private LastRunStore store() {
        return LastRunStore.nextTo(directory.resolve("update/state.json"), warnings::add);
    }

    @Test
    void livesNextToTheStateFile() {
        assertThat(store().file()).isEqualTo(directory.resolve("update/last-run.json"));
    }

    @Test
    void missingFileReadsAsNothingRecordedWithoutAWarning() {
        assertThat(store().read()).isEqualTo(LastRun.none());
        assertThat(warnings).isEmpty();
    }

    @Test
    void checksKeepTheDownloadFiguresAndDownloadsAddUp() throws Exception {
        LastRunStore store = store();
        store.recordDownload(1000, Duration.ofSeconds(4));
        store.recordCheck(AT, CheckResult.AVAILABLE, "v0.3.0");
        store.recordDownload(500, Duration.ofMillis(250));

        assertThat(store.read()).isEqualTo(new LastRun(AT, CheckResult.AVAILABLE, "v0.3.0", null, 1500, 0.25));
        assertThat(Files.readString(store.file()))
                .contains("\"checked_at\" : \"2026-11-27T11:00:00Z\"")
                .contains("\"check_result\" : \"available\"")
                .contains("\"available_version\" : \"v0.3.0\"")
                .contains("\"bytes_downloaded\" : 1500")
                .contains("\"download_seconds\" : 0.25");
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFailedCheckForgetsTheOfferedVersion() {
        LastRunStore store = store();
        store.recordCheck(AT, CheckResult.AVAILABLE, "v0.3.0");
        store.recordCheck(AT.plusSeconds(60), CheckResult.FAILED, null);
        assertThat(store.read().availableVersion()).isNull();
        assertThat(store.read().checkResult()).isEqualTo(CheckResult.FAILED);
    }

    @Test
    void corruptFilesAreIgnoredWithAWarning() throws Exception {
        LastRunStore store = store();
        for (String junk : List.of(
                "{not json",
                "{\"check_result\": \"maybe\", \"checked_at\": \"2026-11-27T11:00:00Z\"}",
                "{\"checked_at\": \"yesterday\", \"check_result\": \"failed\"}",
                "{\"bytes_downloaded\": -1}",
                "[]")) {
            warnings.clear();
            AtomicFiles.write(store.file(), junk.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(store.read()).as(junk).isEqualTo(LastRun.none());
            assertThat(warnings)
                    .as(junk)
                    .singleElement()
                    .asString()
                    .contains(store.file().toString())
                    .contains("ignoring it");
        }
        // A corrupt record does not stop the next one from being written.
        store.recordCheck(AT, CheckResult.UP_TO_DATE, null);
        assertThat(store.read().checkResult()).isEqualTo(CheckResult.UP_TO_DATE);
    }

    @Test
    void anUnwritableLocationIsAFailureNamingTheFile() throws Exception {
        Files.writeString(directory.resolve("update"), "a file where the directory should be");
        assertThatThrownBy(() -> store().recordCheck(AT, CheckResult.UP_TO_DATE, null))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("cannot write " + store().file())
                .extracting(e -> ((MetricsException) e).outcome())
                .isEqualTo(Outcome.FAILED);
    }
}
