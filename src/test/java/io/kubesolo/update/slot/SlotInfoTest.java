package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotInfoTest {

    @TempDir
    Path slot;

    @Test
    void slotWithKernelInitramfsAndVersionIsComplete() throws IOException {
        fill("vmlinuz", "kernel");
        fill("kubesolo-os.gz", "initramfs!");
        fill("version", "  v0.3.0\n");

        SlotInfo info = SlotInfo.read(SlotName.B, slot);

        assertThat(info).isEqualTo(new SlotInfo(SlotName.B, Optional.of("v0.3.0"), true, 6, 10));
    }

    @Test
    void missingDirectoryIsAnEmptyIncompleteSlot() {
        SlotInfo info = SlotInfo.read(SlotName.A, slot.resolve("absent"));

        assertThat(info).isEqualTo(new SlotInfo(SlotName.A, Optional.empty(), false, 0, 0));
    }

    @Test
    void slotWithoutVersionIsIncompleteEvenWithBothImages() throws IOException {
        fill("vmlinuz", "kernel");
        fill("kubesolo-os.gz", "initramfs");

        SlotInfo info = SlotInfo.read(SlotName.A, slot);

        assertThat(info.complete()).isFalse();
        assertThat(info.kernelBytes()).isEqualTo(6);
    }

    @Test
    void emptyKernelMakesSlotIncomplete() throws IOException {
        fill("vmlinuz", "");
        fill("kubesolo-os.gz", "initramfs");
        fill("version", "v1.0.0");

        assertThat(SlotInfo.read(SlotName.A, slot).complete()).isFalse();
    }

    @Test
    void missingInitramfsMakesSlotIncomplete() throws IOException {
        fill("vmlinuz", "kernel");
        fill("version", "v1.0.0");

        SlotInfo info = SlotInfo.read(SlotName.A, slot);

        assertThat(info.complete()).isFalse();
        assertThat(info.version()).contains("v1.0.0");
    }

    @Test
    void versionFileWithTwoLinesIsNotAVersion() throws IOException {
        fill("vmlinuz", "kernel");
        fill("kubesolo-os.gz", "initramfs");
        fill("version", "v1.0.0\nv1.0.1\n");

        SlotInfo info = SlotInfo.read(SlotName.A, slot);

        assertThat(info.version()).isEmpty();
        assertThat(info.complete()).isFalse();
    }

    @Test
    void blankVersionFileIsNotAVersion() throws IOException {
        fill("version", " \n\n");

        assertThat(SlotInfo.read(SlotName.A, slot).version()).isEmpty();
    }

    @Test
    void oversizedOrBinaryVersionFileIsNotAVersion() throws IOException {
        fill("version", "v".repeat(SlotInfo.MAX_VERSION_BYTES + 1));
        assertThat(SlotInfo.read(SlotName.A, slot).version()).isEmpty();

        Files.write(slot.resolve("version"), new byte[] {(byte) 0xff, (byte) 0xfe, 'v'});
        assertThat(SlotInfo.read(SlotName.A, slot).version()).isEmpty();
    }

    @Test
    void directoryNamedLikeAnImageIsNotAnImage() throws IOException {
        Files.createDirectory(slot.resolve("vmlinuz"));

        assertThat(SlotInfo.read(SlotName.A, slot).kernelBytes()).isZero();
    }

    private void fill(String name, String content) throws IOException {
        Files.writeString(slot.resolve(name), content);
    }
}
