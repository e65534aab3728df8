package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.testing.LoopDisk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block backend on real ext4 file systems on loop devices. Needs root, sgdisk, losetup and
 * mkfs.ext4; without them these tests fail rather than skip, since the machine is expected to
 * have them.
 */
@Tag("system")
@Timeout(120)
class BlockSlotDeviceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @TempDir
    Path mountBase;

    private final ProcessRunner runner = new ProcessRunner();
    private final MountTable mountTable = MountTable.ofThisProcess();
    private LoopDisk disk;
    private BlockSlotDevice device;

    @BeforeEach
    void attachDisk() {
        disk = LoopDisk.create(work, LoopDisk.uniqueLabels());
        device = deviceWithLabels(disk.labels());
    }

    @AfterEach
    void detachDisk() throws IOException {
        if (disk == null) {
            return;
        }
        disk.close();
        assertThat(disk.anyLoopDeviceAttached())
                .as("loop devices left attached to " + disk.image())
                .isFalse();
        try (Stream<Path> left = Files.list(mountBase)) {
            assertThat(left).as("mount points left behind").isEmpty();
        }
    }

    @Test
    void writingThePassiveSlotLeavesTheActivePartitionUntouched() throws Exception {
        writeRelease(device.openForWriting(SlotName.A), "v0.2.0", 300_000);
        String activeBefore = disk.sha256(SlotName.A);
        String passiveBefore = disk.sha256(SlotName.B);
        Slots slots = new Slots(device, SlotName.A);

        try (MountedSlot passive = slots.openPassiveForWriting()) {
            assertThat(passive.name()).isEqualTo(SlotName.B);
            assertThat(passive.writable()).isTrue();
            assertThat(passive.usableBytes()).isBetween(1L, 24L * 1024 * 1024);
            writeFiles(passive, "v0.3.0", 500_000);
        }

        assertThat(slots.inspect(SlotName.B))
                .isEqualTo(new SlotInfo(SlotName.B, Optional.of("v0.3.0"), true, 500_000, 250_000));
        assertThat(slots.inspect(SlotName.A).version()).contains("v0.2.0");
        assertThat(disk.sha256(SlotName.B)).as("passive partition was written").isNotEqualTo(passiveBefore);
        assertThat(disk.sha256(SlotName.A)).as("active partition bytes").isEqualTo(activeBefore);
    }

    @Test
    void writingTheActiveSlotIsRefusedWithoutMountingIt() throws IOException {
        String activeBefore = disk.sha256(SlotName.A);
        Slots slots = new Slots(device, SlotName.A);

        assertThatThrownBy(() -> slots.openForWriting(SlotName.A))
                .isInstanceOfSatisfying(
                        SlotException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REFUSED))
                .hasMessageContaining("refusing to write slot A: it is the active slot");

        assertThat(mountTable.mountsOf(DeviceNumber.of(disk.device(SlotName.A))))
                .isEmpty();
        assertThat(disk.sha256(SlotName.A)).isEqualTo(activeBefore);
    }

    @Test
    void readMountIsReadOnlyAndHardened() {
        try (MountedSlot slot = device.openForReading(SlotName.B)) {
            assertThat(slot.writable()).isFalse();
            assertThat(slot.directory().getParent()).isEqualTo(mountBase);
            MountTable.Mount mount = mountTable.mountAt(slot.directory()).orElseThrow();
            assertThat(mount.device()).isEqualTo(DeviceNumber.of(disk.device(SlotName.B)));
            assertThat(mount.options()).contains("ro", "nodev", "nosuid", "noexec");
            assertThatThrownBy(() -> Files.writeString(slot.directory().resolve("version"), "v9.9.9"))
                    .isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("Read-only file system");
        }
    }

    @Test
    void writeMountIsHardened() {
        try (MountedSlot slot = device.openForWriting(SlotName.B)) {
            MountTable.Mount mount = mountTable.mountAt(slot.directory()).orElseThrow();
            assertThat(mount.options()).contains("rw", "nodev", "nosuid", "noexec");
        }
    }

    @Test
    void closingUnmountsAndRemovesTheMountPointEvenWhenTheWorkFailed() {
        Path[] mountPoint = new Path[1];

        assertThatThrownBy(() -> {
                    try (MountedSlot slot = device.openForWriting(SlotName.B)) {
                        mountPoint[0] = slot.directory();
                        throw new IllegalStateException("download broke off");
                    }
                })
                .hasMessage("download broke off");

        assertThat(mountTable.mountAt(mountPoint[0])).isEmpty();
        assertThat(mountPoint[0]).doesNotExist();
    }

    @Test
    void slotStillInUseAtCloseIsDetachedLazilyAndReported() throws IOException {
        assertDetachedLazilyWhileInUse(device, "umount", "` failed (exit 32): umount: ", "target is busy");
    }

    @Test
    void missingPartitionIsNamedByItsLabel() {
        String absent = "KSX" + disk.labels().a().substring(3);
        BlockSlotDevice withAbsentB =
                deviceWithLabels(new SlotLabels(disk.labels().a(), absent));

        assertThatThrownBy(() -> withAbsentB.openForReading(SlotName.B))
                .isInstanceOf(SlotException.class)
                // This machine's own disks may be unreadable to a sandboxed root; the message names them.
                .hasMessageMatching("no partition labelled " + absent + "(; could not read .*)?");
    }

    @Test
    void twoPartitionsWithTheSameLabelAreRefusedNotGuessed() throws IOException {
        Path secondDirectory = Files.createDirectory(work.resolve("second"));
        try (LoopDisk second = LoopDisk.create(secondDirectory, disk.labels())) {
            assertThatThrownBy(() -> device.openForWriting(SlotName.B))
                    .isInstanceOf(SlotException.class)
                    .hasMessageStartingWith(
                            "2 partitions are labelled " + disk.labels().b() + " (")
                    .hasMessageContaining(disk.device(SlotName.B).toString())
                    .hasMessageContaining(second.device(SlotName.B).toString())
                    .hasMessageEndingWith("); refusing to guess which one is the slot");
        }
    }

    @Test
    void partitionMountedElsewhereIsReadThroughAReadOnlyBindAndNotWritten() throws IOException {
        Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));
        disk.run("mount", "-t", "ext4", disk.device(SlotName.A).toString(), elsewhere.toString());
        Files.writeString(elsewhere.resolve("version"), "v0.2.0\n");

        try (MountedSlot slot = device.openForReading(SlotName.A)) {
            assertThat(SlotInfo.of(slot).version()).contains("v0.2.0");
            assertThat(mountTable.mountAt(slot.directory()).orElseThrow().readOnly())
                    .isTrue();
            assertThatThrownBy(() -> Files.delete(slot.directory().resolve("version")))
                    .isInstanceOf(FileSystemException.class);
        }
        assertThat(mountTable.mountAt(elsewhere))
                .as("the existing mount is left alone")
                .isPresent();
        assertThat(elsewhere.resolve("version")).exists();

        assertThatThrownBy(() -> device.openForWriting(SlotName.A))
                .isInstanceOf(SlotException.class)
                .hasMessage("partition " + disk.device(SlotName.A) + " of slot A (label "
                        + disk.labels().a()
                        + ") is already mounted at " + elsewhere + "; refusing to write a slot that is in use,"
                        + " unmount it first");
    }

    @Test
    void failedMountLeavesNoMountPointBehind() {
        // A labelled partition that is not ext4 (FAT, as KSOLOEFI is): mount -t ext4 fails.
        String fatLabel = "KSF" + disk.labels().a().substring(3, 11).toUpperCase(Locale.ROOT);
        disk.run("mkfs.vfat", "-n", fatLabel, disk.efiDevice().toString());
        BlockSlotDevice withFatAsB =
                deviceWithLabels(new SlotLabels(disk.labels().a(), fatLabel));

        assertThatThrownBy(() -> withFatAsB.openForWriting(SlotName.B))
                .isInstanceOf(SlotException.class)
                .hasMessageStartingWith("cannot mount for writing slot B (" + disk.efiDevice() + ", label " + fatLabel
                        + "): `mount -t ext4 -o rw,nodev,nosuid,noexec " + disk.efiDevice() + " " + mountBase)
                .hasMessageContaining("failed (exit 32)");
        // The @AfterEach check finds mountBase empty.
    }

    /**
     * The same backend with busybox's mount and umount (KubeSolo OS has no util-linux): the
     * machine's static {@code /bin/busybox} (busybox-static).
     */
    @Nested
    class WithBusybox {

        private static final String BUSYBOX = "/bin/busybox";

        private BlockSlotDevice busybox;

        @BeforeEach
        void busyboxMounts() {
            busybox = new BlockSlotDevice(
                    disk.labels(),
                    PartitionLocator.onThisMachine(),
                    new Mounter(runner, TIMEOUT, List.of(BUSYBOX, "mount"), List.of(BUSYBOX, "umount")),
                    mountTable,
                    mountBase);
        }

        @Test
        void writesAndReadsASlotWithHardenedMounts() throws IOException {
            try (MountedSlot slot = busybox.openForWriting(SlotName.B)) {
                assertThat(mountTable.mountAt(slot.directory()).orElseThrow().options())
                        .contains("rw", "nodev", "nosuid", "noexec");
                Files.writeString(slot.directory().resolve("version"), "v0.3.0\n");
            }
            try (MountedSlot slot = busybox.openForReading(SlotName.B)) {
                MountTable.Mount mount = mountTable.mountAt(slot.directory()).orElseThrow();
                assertThat(mount.device()).isEqualTo(DeviceNumber.of(disk.device(SlotName.B)));
                assertThat(mount.options()).contains("ro", "nodev", "nosuid", "noexec");
                assertThat(SlotInfo.of(slot).version()).contains("v0.3.0");
            }
        }

        @Test
        void partitionMountedElsewhereIsReadThroughAReadOnlyBind() throws IOException {
            Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));
            disk.run(BUSYBOX, "mount", "-t", "ext4", disk.device(SlotName.A).toString(), elsewhere.toString());
            Files.writeString(elsewhere.resolve("version"), "v0.2.0\n");

            try (MountedSlot slot = busybox.openForReading(SlotName.A)) {
                assertThat(SlotInfo.of(slot).version()).contains("v0.2.0");
                assertThat(mountTable.mountAt(slot.directory()).orElseThrow().options())
                        .contains("ro", "nodev", "noexec");
                assertThatThrownBy(() -> Files.delete(slot.directory().resolve("version")))
                        .isInstanceOf(FileSystemException.class);
            }
            assertThat(mountTable.mountAt(elsewhere).orElseThrow().readOnly())
                    .as("the existing mount stays writable")
                    .isFalse();
        }

        @Test
        void slotStillInUseAtCloseIsDetachedLazily() throws IOException {
            assertDetachedLazilyWhileInUse(busybox, BUSYBOX + " umount", "` failed (exit 1): umount: ", "busy");
        }
    }

    /**
     * Closing a slot with a file on it still open: {@code umount} (shown as {@code umountShown})
     * fails with {@code failure} and a message containing {@code reason}, the mount is detached
     * lazily and its mount point removed all the same.
     */
    private void assertDetachedLazilyWhileInUse(
            BlockSlotDevice backend, String umountShown, String failure, String reason) throws IOException {
        MountedSlot slot = backend.openForWriting(SlotName.B);
        Path mountPoint = slot.directory();
        try (FileChannel held =
                FileChannel.open(mountPoint.resolve("vmlinuz"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThatThrownBy(slot::close)
                    .isInstanceOf(SlotException.class)
                    .hasMessageStartingWith("cannot unmount slot B from " + mountPoint
                            + " cleanly, detached it lazily: " + "`" + umountShown + " " + mountPoint + failure)
                    .hasMessageContaining(reason);
            assertThat(held.isOpen()).isTrue();
        }
        assertThat(mountTable.mountAt(mountPoint)).isEmpty();
        assertThat(mountPoint).doesNotExist();
    }

    private BlockSlotDevice deviceWithLabels(SlotLabels labels) {
        return new BlockSlotDevice(
                labels, PartitionLocator.onThisMachine(), new Mounter(runner, TIMEOUT), mountTable, mountBase);
    }

    private static void writeRelease(MountedSlot slot, String version, int kernelBytes) throws IOException {
        try (slot) {
            writeFiles(slot, version, kernelBytes);
        }
    }

    private static void writeFiles(MountedSlot slot, String version, int kernelBytes) throws IOException {
        Random random = new Random(kernelBytes);
        byte[] kernel = new byte[kernelBytes];
        random.nextBytes(kernel);
        byte[] initramfs = new byte[kernelBytes / 2];
        random.nextBytes(initramfs);
        Files.write(slot.directory().resolve(SlotFile.KERNEL.fileName()), kernel);
        Files.write(slot.directory().resolve(SlotFile.INITRAMFS.fileName()), initramfs);
        Files.writeString(slot.directory().resolve(SlotFile.VERSION.fileName()), version + "\n");
    }
}
