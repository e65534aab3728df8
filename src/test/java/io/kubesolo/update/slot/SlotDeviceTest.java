package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.config.ConfigException;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotDeviceTest {

    @TempDir
    Path directory;

    @Test
    void simulatedDeviceUsesDirectories() {
        SlotDevice device = SlotDevice.forRoot(DeviceRoot.of(directory), UpdateConf.empty());

        assertThat(device).isInstanceOf(DirectorySlotDevice.class);
        assertThat(device.describe()).isEqualTo("directory " + directory.resolve("slots"));
    }

    @Test
    void machineRootUsesPartitionsWithKubesoloLabels() {
        SlotDevice device = SlotDevice.forRoot(DeviceRoot.of(Path.of("/")), UpdateConf.empty());

        assertThat(device).isInstanceOf(BlockSlotDevice.class);
        assertThat(device.describe()).isEqualTo("partitions KSOLOA/KSOLOB");
    }

    @Test
    void updateConfOverridesTheBackendAndLabels() throws IOException {
        UpdateConf conf = conf("slot_backend=block\nslot_a_label=ROOTA\nslot_b_label=ROOTB\n");

        SlotDevice device = SlotDevice.forRoot(DeviceRoot.of(directory), conf);

        assertThat(device.describe()).isEqualTo("partitions ROOTA/ROOTB");
    }

    @Test
    void updateConfCanForceDirectoriesOnTheMachineRoot() throws IOException {
        UpdateConf conf = conf("slot_backend = Directory\n");

        assertThat(SlotDevice.backend(DeviceRoot.of(Path.of("/")), conf)).isEqualTo(SlotDevice.Backend.DIRECTORY);
    }

    @Test
    void unknownBackendIsAConfigurationError() throws IOException {
        UpdateConf conf = conf("slot_backend=nvme\n");

        assertThatThrownBy(() -> SlotDevice.forRoot(DeviceRoot.of(directory), conf))
                .isInstanceOf(ConfigException.class)
                .hasMessage("update.conf: slot_backend=nvme is not valid: expected directory or block");
    }

    @Test
    void invalidOrEqualLabelsAreConfigurationErrors() throws IOException {
        assertThatThrownBy(() -> SlotDevice.labels(conf("slot_a_label=has space\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("label of slot A must be 1 to 16 of");
        assertThatThrownBy(() -> SlotDevice.labels(conf("slot_a_label=SAME\nslot_b_label=SAME\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slots A and B cannot share the label SAME");
        assertThatThrownBy(() -> SlotDevice.labels(conf("slot_b_label=SEVENTEEN_CHARS_X\n")))
                .isInstanceOf(ConfigException.class);
    }

    private UpdateConf conf(String text) throws IOException {
        Path file = directory.resolve("update.conf");
        Files.writeString(file, text);
        return UpdateConf.load(file);
    }
}
