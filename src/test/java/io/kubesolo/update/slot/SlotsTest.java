package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotsTest {

    @TempDir
    Path root;

    @Test
    void passiveIsTheOtherSlot() {
        DirectorySlotDevice device = new DirectorySlotDevice(DeviceRoot.of(root));
        Slots slots = new Slots(device, SlotName.B);

        assertThat(slots.device()).isSameAs(device);
        assertThat(slots.active()).isEqualTo(SlotName.B);
        assertThat(slots.passive()).isEqualTo(SlotName.A);
    }

    @Test
    void writesGoToThePassiveSlot() throws Exception {
        Slots slots = new Slots(new DirectorySlotDevice(DeviceRoot.of(root)), SlotName.A);

        try (MountedSlot slot = slots.openPassiveForWriting()) {
            assertThat(slot.name()).isEqualTo(SlotName.B);
            Files.writeString(slot.directory().resolve("vmlinuz"), "kernel");
            Files.writeString(slot.directory().resolve("kubesolo-os.gz"), "initramfs");
            Files.writeString(slot.directory().resolve("version"), "v0.3.0\n");
        }

        assertThat(slots.inspect(SlotName.B)).isEqualTo(new SlotInfo(SlotName.B, Optional.of("v0.3.0"), true, 6, 9));
        assertThat(slots.inspect(SlotName.A).complete()).isFalse();
    }

    @Test
    void writingTheSlotTheSystemRunsFromIsRefusedWhenGrubBootsTheOtherNext() {
        Slots slots = new Slots(new DirectorySlotDevice(DeviceRoot.of(root)), SlotName.B, SlotName.A);

        assertThat(slots.passive()).isEqualTo(SlotName.A);
        assertThatThrownBy(slots::openPassiveForWriting)
                .isInstanceOfSatisfying(
                        SlotException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REFUSED))
                .hasMessage("refusing to write slot A: the system runs from it while GRUB boots slot B next;"
                        + " reboot and run healthcheck (or rollback) first");
        assertThat(root.resolve("slots")).doesNotExist();
    }

    @Test
    void writingTheActiveSlotIsRefusedBeforeTheDeviceIsTouched() {
        Slots slots = new Slots(new DirectorySlotDevice(DeviceRoot.of(root)), SlotName.A);

        assertThatThrownBy(() -> slots.openForWriting(SlotName.A))
                .isInstanceOfSatisfying(
                        SlotException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REFUSED))
                .hasMessage("refusing to write slot A: it is the active slot, updates go to the passive slot B");
        assertThat(root.resolve("slots/A")).doesNotExist();
    }

    @Test
    void theActiveSlotCanBeRead() throws Exception {
        Files.createDirectories(root.resolve("slots/A"));
        Files.writeString(root.resolve("slots/A/version"), "v0.2.0");
        Slots slots = new Slots(new DirectorySlotDevice(DeviceRoot.of(root)), SlotName.A);

        try (MountedSlot slot = slots.openForReading(SlotName.A)) {
            assertThat(slot.writable()).isFalse();
            assertThat(slot.directory().resolve("version")).hasContent("v0.2.0");
        }
    }
}
