package io.kubesolo.update.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.Promtool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    private static final Instant CHECKED = Instant.parse("2026-11-27T11:00:00Z");

    private static DeviceSnapshot snapshot(Phase phase, LastRun lastRun) {
        UpdateState state = new UpdateState(
                phase,
                "v0.2.0",
                "v0.3.0\"quoted\\",
                Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T10:05:00Z"),
                null,
                2,
                1);
        return new DeviceSnapshot(
                state,
                Optional.of("B"),
                OptionalInt.of(2),
                Optional.of(false),
                Optional.of("B"),
                Optional.of("v0.2.0"),
                Optional.of("v0.3.0\nx"),
                true,
                lastRun);
    }

    private static DeviceSnapshot unreadableBoot() {
        return new DeviceSnapshot(
                UpdateState.initial(),
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                LastRun.none());
    }

    /** Every state the writer distinguishes: each phase, each check result, no check, no GRUB environment. */
    private static List<DeviceSnapshot> everyState() {
        List<DeviceSnapshot> snapshots = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            snapshots.add(snapshot(phase, LastRun.none()));
        }
        for (CheckResult result : CheckResult.values()) {
            snapshots.add(snapshot(
                    Phase.IDLE,
                    LastRun.none()
                            .checked(CHECKED, result, "v0.4.0")
                            .downloaded(123_456_789, Duration.ofMillis(12_345))));
        }
        snapshots.add(unreadableBoot());
        return snapshots;
    }

    @Test
    void everyPhaseSeriesIsPresentWithOneSet() {
        String text = new PrometheusWriter().write(snapshot(Phase.ACTIVATED, LastRun.none()));
        for (Phase phase : Phase.values()) {
            String value = phase == Phase.ACTIVATED ? "1" : "0";
            assertThat(text).contains("kubesolo_update_phase{phase=\"" + phase.wireName() + "\"} " + value + "\n");
        }
        assertThat(text).contains("kubesolo_update_attempts_total 2\n");
        assertThat(text).contains("kubesolo_update_boot_slot{slot=\"B\"} 1\n");
        assertThat(text).contains("kubesolo_update_boot_attempts_left 2\n");
        assertThat(text).contains("kubesolo_update_boot_env_readable 1\n");
        assertThat(text).contains("kubesolo_update_signature_verification_enabled 1\n");
        assertThat(text).contains("kubesolo_update_last_transition_timestamp_seconds 1795773900\n");
    }

    @Test
    void beforeTheFirstCheckEveryResultIsZeroAndNothingWasDownloaded() {
        String text = new PrometheusWriter().write(snapshot(Phase.IDLE, LastRun.none()));
        for (CheckResult result : CheckResult.values()) {
            assertThat(text).contains("kubesolo_update_last_check_result{result=\"" + result.wireName() + "\"} 0\n");
        }
        assertThat(text)
                .contains("kubesolo_update_last_check_timestamp_seconds 0\n")
                .contains("kubesolo_update_available_info{version=\"\"} 1\n")
                .contains("kubesolo_update_downloaded_bytes_total 0\n")
                .contains("kubesolo_update_download_duration_seconds 0.0\n");
    }

    @Test
    void lastCheckAndDownloadsAreReported() {
        LastRun run = LastRun.none()
                .downloaded(1000, Duration.ofSeconds(3))
                .checked(CHECKED, CheckResult.AVAILABLE, "v0.4.0")
                .downloaded(24, Duration.ofMillis(1500));
        String text = new PrometheusWriter().write(snapshot(Phase.STAGED, run));
        assertThat(text)
                .contains("kubesolo_update_last_check_timestamp_seconds 1795777200\n")
                .contains("kubesolo_update_last_check_result{result=\"available\"} 1\n")
                .contains("kubesolo_update_last_check_result{result=\"up_to_date\"} 0\n")
                .contains("kubesolo_update_available_info{version=\"v0.4.0\"} 1\n")
                .contains("kubesolo_update_downloaded_bytes_total 1024\n")
                .contains("kubesolo_update_download_duration_seconds 1.5\n");
    }

    @Test
    void runningVersionIsTheBootedSlots() {
        String text = new PrometheusWriter().write(snapshot(Phase.IDLE, LastRun.none()));
        assertThat(text).contains("kubesolo_update_running_info{slot=\"B\",version=\"v0.3.0\\nx\"} 1\n");
    }

    @Test
    void withoutAGrubEnvironmentTheBootSeriesAreAbsentAndSaidToBe() {
        String text = new PrometheusWriter().write(unreadableBoot());
        assertThat(text)
                .contains("kubesolo_update_boot_env_readable 0\n")
                .doesNotContain("kubesolo_update_boot_slot")
                .doesNotContain("kubesolo_update_boot_attempts_left")
                .doesNotContain("kubesolo_update_boot_success")
                .contains("kubesolo_update_running_info{slot=\"\",version=\"\"} 1\n");
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusWriter().write(snapshot(Phase.IDLE, LastRun.none()));
        assertThat(text).contains("to_version=\"v0.3.0\\\"quoted\\\\\"");
        assertThat(text).contains("version=\"v0.3.0\\nx\"");
    }

    @Test
    @Tag("system")
    void promtoolAcceptsTheOutputInEveryState() {
        for (DeviceSnapshot snapshot : everyState()) {
            Promtool.assertAccepts(new PrometheusWriter().write(snapshot));
        }
    }
}
