package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label scan over a sysfs-like directory and device nodes that are plain files holding
 * hand-built superblocks; {@code BlockSlotDeviceTest} runs it over real loop devices.
 */
class PartitionLocatorTest {

    @TempDir
    Path root;

    private Path sys;
    private Path dev;
    private PartitionLocator locator;

    @BeforeEach
    void machine() throws IOException {
        sys = Files.createDirectories(root.resolve("sys/class/block"));
        dev = Files.createDirectories(root.resolve("dev"));
        locator = new PartitionLocator(sys, dev);
        device("vda", new byte[FileSystemLabel.HEAD_BYTES]);
        device("vda1", FileSystemLabelTest.fat(true, "KSOLOEFI   "));
        device("vda2", FileSystemLabelTest.ext4("KSOLOA"));
        device("vda3", FileSystemLabelTest.ext4("KSOLOB"));
    }

    @Test
    void findsTheExtAndFatPartitionsByLabel() {
        assertThat(locator.find("KSOLOA")).isEqualTo(dev.resolve("vda2"));
        assertThat(locator.find("KSOLOB")).isEqualTo(dev.resolve("vda3"));
        assertThat(locator.find("KSOLOEFI")).isEqualTo(dev.resolve("vda1"));
    }

    @Test
    void missingLabelIsNamed() {
        assertThatThrownBy(() -> locator.find("KSOLODATA"))
                .isInstanceOf(SlotException.class)
                .hasMessage("no partition labelled KSOLODATA");
    }

    @Test
    void labelsAreComparedExactly() {
        assertThatThrownBy(() -> locator.find("ksoloa")).hasMessage("no partition labelled ksoloa");
        assertThatThrownBy(() -> locator.find("KSOLO")).hasMessage("no partition labelled KSOLO");
    }

    @Test
    void twoPartitionsWithTheLabelAreRefused() throws IOException {
        device("sdb2", FileSystemLabelTest.ext4("KSOLOB"));

        assertThatThrownBy(() -> locator.find("KSOLOB"))
                .isInstanceOf(SlotException.class)
                .hasMessage("2 partitions are labelled KSOLOB (" + dev.resolve("sdb2") + ", " + dev.resolve("vda3")
                        + "); refusing to guess which one is the slot");
    }

    @Test
    void devicesWithoutMediumOrNodeAreSkipped() throws IOException {
        Path empty = Files.createDirectories(sys.resolve("loop7"));
        Files.writeString(empty.resolve("size"), "0\n");
        Files.write(dev.resolve("loop7"), FileSystemLabelTest.ext4("KSOLOA"));
        Files.createDirectories(sys.resolve("sr0"));

        assertThat(locator.find("KSOLOA")).isEqualTo(dev.resolve("vda2"));
    }

    @Test
    void unreadableDevicesAreNamedWhenTheLabelIsNotFound() throws IOException {
        Files.createDirectories(sys.resolve("sdc"));
        Files.createDirectories(dev.resolve("sdc"));

        assertThatThrownBy(() -> locator.find("KSOLODATA"))
                .hasMessageStartingWith("no partition labelled KSOLODATA; could not read " + dev.resolve("sdc") + " (");
    }

    @Test
    void slashInADeviceNameIsWrittenAsBangInSysfs() throws IOException {
        Files.createDirectories(dev.resolve("cciss"));
        Files.createDirectories(sys.resolve("cciss!c0d0p2"));
        Files.write(dev.resolve("cciss/c0d0p2"), FileSystemLabelTest.ext4("KSOLODATA"));

        assertThat(locator.find("KSOLODATA")).isEqualTo(dev.resolve("cciss/c0d0p2"));
    }

    @Test
    void withoutSysfsTheByLabelLinkIsFollowed() throws IOException {
        PartitionLocator withoutSysfs = new PartitionLocator(root.resolve("no-sys"), dev);
        Files.createDirectories(dev.resolve("disk/by-label"));
        Files.createSymbolicLink(dev.resolve("disk/by-label/KSOLOA"), Path.of("../../vda2"));

        assertThat(withoutSysfs.find("KSOLOA")).isEqualTo(dev.resolve("vda2").toRealPath());
        assertThatThrownBy(() -> withoutSysfs.find("KSOLOB"))
                .hasMessage("no partition labelled KSOLOB (" + root.resolve("no-sys") + " is missing, so only "
                        + dev.resolve("disk/by-label/KSOLOB") + " was looked at)");
    }

    private void device(String name, byte[] head) throws IOException {
        Path entry = Files.createDirectories(sys.resolve(name));
        Files.writeString(entry.resolve("size"), "4\n");
        Files.write(dev.resolve(name), head);
    }
}
