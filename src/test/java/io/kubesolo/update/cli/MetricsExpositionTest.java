package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.state.Phase;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics server's repeated scrapes open the slots only when the state or the boot variables
 * changed, and never while an update is downloading (a read mount would make apply's write fail).
 */
class MetricsExpositionTest {

    @TempDir
    Path directory;

    private SimulatedDevice device;
    private MetricsExposition exposition;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void create() {
        device = SimulatedDevice.create(directory.resolve("device"), "v0.2.0");
        DeviceOptions options = new DeviceOptions();
        options.root = device.root();
        exposition = new MetricsExposition(options, new PrintWriter(err, true));
    }

    private static String slotB(String version) {
        return "kubesolo_update_slot_info{slot=\"B\",version=\"" + version + "\"} 1\n";
    }

    @Test
    void slotsAreReadAgainOnlyWhenTheStateOrBootVariablesChanged() {
        assertThat(exposition.render()).contains(slotB(""));
        device.writeSlot("B", "v0.3.0");
        assertThat(exposition.render())
                .as("nothing changed the state: slots not opened")
                .contains(slotB(""));

        device.writeState(device.state()
                .startAttempt("v0.2.0", "v0.3.0", Instant.parse("2026-11-27T10:00:00Z"))
                .moveTo(Phase.STAGED, Instant.parse("2026-11-27T10:00:02Z")));
        assertThat(exposition.render()).contains(slotB("v0.3.0"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void slotsAreNotOpenedWhileAnUpdateIsDownloading() {
        assertThat(exposition.render()).contains(slotB(""));
        device.writeState(device.state()
                .startAttempt("v0.2.0", "v0.3.0", Instant.parse("2026-11-27T10:00:00Z"))
                .moveTo(Phase.DOWNLOADING, Instant.parse("2026-11-27T10:00:01Z")));
        device.writeSlot("B", "v0.3.0");
        assertThat(exposition.render())
                .contains("kubesolo_update_phase{phase=\"downloading\"} 1\n")
                .contains(slotB(""));

        device.writeState(device.state().moveTo(Phase.STAGED, Instant.parse("2026-11-27T10:00:02Z")));
        assertThat(exposition.render()).contains(slotB("v0.3.0"));
    }
}
