package io.kubesolo.update.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.testing.LoopDisk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block backend with busybox's mount and umount (KubeSolo OS has no util-linux), on real
 * ext4 file systems on loop devices, found by the label scan. Needs root, /bin/busybox
 * (busybox-static) and what {@link LoopDisk} needs.
 */
@Tag("loop")
@Timeout(120)
class BusyboxMountTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BUSYBOX = "/bin/busybox";

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
        device = new BlockSlotDevice(disk.labels(), PartitionLocator.onThisMachine(),
                new Mounter(runner, TIMEOUT, List.of(BUSYBOX, "mount"), List.of(BUSYBOX, "umount")),
                mountTable, mountBase);
    }

    @AfterEach
    void detachDisk() throws IOException {
        if (disk == null) {
            return;
        }
        disk.close();
        try (Stream<Path> left = Files.list(mountBase)) {
            assertThat(left).as("mount points left behind").isEmpty();
        }
    }

    @Test
    void writesAndReadsASlotWithHardenedMounts() throws IOException {
        try (MountedSlot slot = device.openForWriting(SlotName.B)) {
            assertThat(mountTable.mountAt(slot.directory()).orElseThrow().options())
                    .contains("rw", "nodev", "nosuid", "noexec");
            Files.writeString(slot.directory().resolve("version"), "v0.3.0\n");
        }
        try (MountedSlot slot = device.openForReading(SlotName.B)) {
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

        try (MountedSlot slot = device.openForReading(SlotName.A)) {
            assertThat(SlotInfo.of(slot).version()).contains("v0.2.0");
            assertThat(mountTable.mountAt(slot.directory()).orElseThrow().options()).contains("ro", "nodev", "noexec");
            assertThatThrownBy(() -> Files.delete(slot.directory().resolve("version")))
                    .isInstanceOf(FileSystemException.class);
        }
        assertThat(mountTable.mountAt(elsewhere).orElseThrow().readOnly()).as("the existing mount stays writable").isFalse();
    }

    @Test
    void slotStillInUseAtCloseIsDetachedLazily() throws IOException {
        MountedSlot slot = device.openForWriting(SlotName.B);
        Path mountPoint = slot.directory();
        try (FileChannel held = FileChannel.open(mountPoint.resolve("vmlinuz"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(slot::close)
                    .isInstanceOf(SlotException.class)
                    .hasMessageStartingWith("cannot unmount slot B from " + mountPoint + " cleanly, detached it lazily: "
                            + "`" + BUSYBOX + " umount " + mountPoint + "` failed");
        }
        assertThat(mountTable.mountAt(mountPoint)).isEmpty();
        assertThat(mountPoint).doesNotExist();
    }
}
