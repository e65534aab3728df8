package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySlotDeviceTest {

    @TempDir
    Path root;

    @Test
    void slotsAreDirectoriesUnderTheDeviceRoot() {
        DirectorySlotDevice device = new DirectorySlotDevice(DeviceRoot.of(root));

        assertThat(device.directoryOf(SlotName.A)).isEqualTo(root.resolve("slots/A"));
        assertThat(device.directoryOf(SlotName.B)).isEqualTo(root.resolve("slots/B"));
        assertThat(device.describe()).isEqualTo("directory " + root.resolve("slots"));
    }

    @Test
    void openingForWritingCreatesTheSlotDirectory() throws Exception {
        DirectorySlotDevice device = new DirectorySlotDevice(DeviceRoot.of(root));

        try (MountedSlot slot = device.openForWriting(SlotName.B)) {
            assertThat(slot.name()).isEqualTo(SlotName.B);
            assertThat(slot.writable()).isTrue();
            assertThat(slot.directory()).isDirectory().isEqualTo(root.resolve("slots/B"));
            assertThat(slot.usableBytes()).isPositive();
            Files.writeString(slot.directory().resolve("version"), "v1.2.3\n");
        }
        assertThat(root.resolve("slots/B/version")).hasContent("v1.2.3");
    }

    @Test
    void openingForReadingCreatesNothing() {
        DirectorySlotDevice device = new DirectorySlotDevice(DeviceRoot.of(root));

        try (MountedSlot slot = device.openForReading(SlotName.A)) {
            assertThat(slot.writable()).isFalse();
            assertThat(slot.directory()).isEqualTo(root.resolve("slots/A"));
        }
        assertThat(root.resolve("slots")).doesNotExist();
    }
}
