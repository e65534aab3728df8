package io.kubesolo.update.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    private static DeviceSnapshot snapshot(Phase phase) {
        UpdateState state = new UpdateState(phase, "v0.2.0", "v0.3.0\"quoted\\", Instant.parse("2026-11-27T10:00:00Z"),
                Instant.parse("2026-11-27T10:05:00Z"), null, 2, 1);
        return new DeviceSnapshot(state, Optional.of("B"), OptionalInt.of(2), Optional.of(false),
                Optional.of("v0.2.0"), Optional.of("v0.3.0\nx"), true);
    }

    @Test
    void everyPhaseSeriesIsPresentWithOneSet() {
        String text = new PrometheusWriter().write(snapshot(Phase.ACTIVATED));
        for (Phase phase : Phase.values()) {
            String value = phase == Phase.ACTIVATED ? "1" : "0";
            assertThat(text).contains("kubesolo_update_phase{phase=\"" + phase.wireName() + "\"} " + value + "\n");
        }
        assertThat(text).contains("kubesolo_update_attempts_total 2\n");
        assertThat(text).contains("kubesolo_update_boot_slot{slot=\"B\"} 1\n");
        assertThat(text).contains("kubesolo_update_boot_attempts_remaining 2\n");
        assertThat(text).contains("kubesolo_update_signature_verification_enabled 1\n");
        assertThat(text).contains("kubesolo_update_last_transition_timestamp_seconds 1795773900\n");
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusWriter().write(snapshot(Phase.IDLE));
        assertThat(text).contains("to_version=\"v0.3.0\\\"quoted\\\\\"");
        assertThat(text).contains("version=\"v0.3.0\\nx\"");
    }

    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        for (Phase phase : Phase.values()) {
            byte[] text = new PrometheusWriter().write(snapshot(phase)).getBytes(StandardCharsets.UTF_8);
            Processes.Result result = Processes.run(List.of("promtool", "check", "metrics"), null, text);
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            assertThat(result.stdout() + result.stderr()).doesNotContain("error");
        }
    }
}
