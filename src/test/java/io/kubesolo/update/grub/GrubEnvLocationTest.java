package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the GRUB environment block wherever the OS mounted KSOLOEFI (issue #11, fix 6). */
class GrubEnvLocationTest {

    @TempDir
    Path root;

    @Test
    void findsTheBlockOfKsoloefiMountedAtBoot() throws IOException {
        Path block = block("boot/boot/grub/grubenv");

        GrubEnvFile file = GrubEnvLocation.find(DeviceRoot.of(root), Optional.empty());

        assertThat(file.path()).isEqualTo(block);
        assertThat(new BootControl(file).read().activeSlot().name()).isEqualTo("A");
    }

    @Test
    void findsTheBlockOfKsoloefiMountedAtBootEfi() throws IOException {
        Path block = block("boot/efi/boot/grub/grubenv");

        assertThat(GrubEnvLocation.find(DeviceRoot.of(root), Optional.empty()).path())
                .isEqualTo(block);
    }

    @Test
    void theSpecPathComesFirst() throws IOException {
        Path spec = block("boot/grub/grubenv");
        block("boot/boot/grub/grubenv");

        assertThat(GrubEnvLocation.find(DeviceRoot.of(root), Optional.empty()).path())
                .isEqualTo(spec);
    }

    @Test
    void updateConfOverridesTheSearch() throws IOException {
        block("boot/boot/grub/grubenv");
        Path configured = block("mnt/efi/boot/grub/grubenv");

        assertThat(GrubEnvLocation.find(DeviceRoot.of(root), Optional.of("/mnt/efi/boot/grub/grubenv"))
                        .path())
                .isEqualTo(configured);
    }

    @Test
    void noBlockAnywhereNamesEveryPlaceLookedAtAndTheSetting() {
        GrubEnvFile file = GrubEnvLocation.find(DeviceRoot.of(root), Optional.empty());

        assertThatThrownBy(file::read)
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("no GRUB environment block found (looked at " + root.resolve("boot/grub/grubenv") + ", "
                        + root.resolve("boot/boot/grub/grubenv") + ", " + root.resolve("boot/efi/boot/grub/grubenv")
                        + "); mount the KSOLOEFI partition or set grubenv=PATH in update.conf");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aMissingConfiguredBlockIsNotSearchedFor() throws IOException {
        block("boot/boot/grub/grubenv");

        GrubEnvFile file = GrubEnvLocation.find(DeviceRoot.of(root), Optional.of("/mnt/grubenv"));

        assertThatThrownBy(file::read)
                .hasMessage(
                        "GRUB environment " + root.resolve("mnt/grubenv") + " (update.conf grubenv) does not exist");
    }

    private Path block(String relative) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        new GrubEnvFile(path).create(GrubEnv.empty());
        return path;
    }
}
