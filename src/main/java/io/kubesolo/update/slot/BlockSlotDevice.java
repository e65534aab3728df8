package io.kubesolo.update.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The slots of a real machine: two ext4 partitions found by file system label, each mounted on a
 * private temporary directory for as long as a {@link MountedSlot} is open, and unmounted (its
 * mount point removed) when it is closed.
 *
 * <p>Mounting policy, for a partition that is already mounted somewhere else when a slot is opened:
 * <ul>
 *   <li>Reading: the existing mount is bind-mounted read-only on the private mount point (a second
 *       ext4 mount of the same device with other flags is refused by the kernel). What is already
 *       mounted stays as it is.</li>
 *   <li>Writing: refused. A mounted slot partition is in use (by the running system, an operator,
 *       or an agent run that died holding it), and writing under its user is how slots get
 *       corrupted; the message names the mount point to unmount.</li>
 * </ul>
 * Every mount is {@code nodev,nosuid,noexec}, and a read mount is checked to be read-only in the
 * mount table before it is handed out.
 */
public final class BlockSlotDevice implements SlotDevice {

    /** Bound for mount/umount (may replay or flush a journal). */
    public static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);

    private final SlotLabels labels;
    private final PartitionLocator locator;
    private final Mounter mounter;
    private final MountTable mountTable;
    private final Path mountBase;

    /**
     * @param mountBase directory in which each open slot gets its own temporary mount point
     */
    public BlockSlotDevice(
            SlotLabels labels, PartitionLocator locator, Mounter mounter, MountTable mountTable, Path mountBase) {
        this.labels = labels;
        this.locator = locator;
        this.mounter = mounter;
        this.mountTable = mountTable;
        this.mountBase = mountBase;
    }

    /** The slots of this machine, mounted under the JVM's temporary directory. */
    public static BlockSlotDevice onThisMachine(SlotLabels labels, ProcessRunner runner) {
        return new BlockSlotDevice(
                labels,
                PartitionLocator.onThisMachine(),
                new Mounter(runner, MOUNT_TIMEOUT),
                MountTable.ofThisProcess(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public MountedSlot openForReading(SlotName slot) {
        Path device = locator.find(labels.of(slot));
        List<MountTable.Mount> existing = mountTable.mountsOf(DeviceNumber.of(device));
        Path mountPoint = createMountPoint(slot);
        try {
            if (existing.isEmpty()) {
                mounter.mount(device, mountPoint, false);
            } else {
                mounter.bindReadOnly(wholeFileSystem(slot, device, existing).mountPoint(), mountPoint);
            }
        } catch (SlotException e) {
            removeMountPoint(mountPoint, e);
            throw withContext(slot, device, "mount read-only", e);
        }
        PartitionMount mounted = new PartitionMount(slot, mountPoint, false, mounter);
        requireReadOnly(mounted, device);
        return mounted;
    }

    @Override
    public MountedSlot openForWriting(SlotName slot) {
        Path device = locator.find(labels.of(slot));
        List<MountTable.Mount> existing = mountTable.mountsOf(DeviceNumber.of(device));
        if (!existing.isEmpty()) {
            throw new SlotException("partition " + device + " of slot " + slot + " (label " + labels.of(slot)
                    + ") is already mounted at " + existing.get(0).mountPoint()
                    + "; refusing to write a slot that is in use, unmount it first");
        }
        Path mountPoint = createMountPoint(slot);
        try {
            mounter.mount(device, mountPoint, true);
        } catch (SlotException e) {
            removeMountPoint(mountPoint, e);
            throw withContext(slot, device, "mount for writing", e);
        }
        return new PartitionMount(slot, mountPoint, true, mounter);
    }

    @Override
    public String describe() {
        return "partitions " + labels.a() + "/" + labels.b();
    }

    /** A mount showing the partition's file system from its top, to bind from. */
    private static MountTable.Mount wholeFileSystem(SlotName slot, Path device, List<MountTable.Mount> mounts) {
        return mounts.stream()
                .filter(m -> m.root().equals("/"))
                .findFirst()
                .orElseThrow(() -> new SlotException("partition " + device + " of slot " + slot
                        + " is mounted only in parts (at " + mounts.get(0).mountPoint() + "); cannot read the slot"));
    }

    /** Belt and braces: bind mounts made by old mount(8) versions may stay writable. */
    private void requireReadOnly(PartitionMount mounted, Path device) {
        Optional<MountTable.Mount> mount = mountTable.mountAt(mounted.directory());
        if (mount.isPresent() && mount.get().readOnly()) {
            return;
        }
        SlotException problem = new SlotException("mounted " + device + " of slot " + mounted.name() + " at "
                + mounted.directory() + " but the mount "
                + (mount.isEmpty() ? "is not in the mount table" : "is not read-only") + "; unmounted it again");
        try {
            mounted.close();
        } catch (SlotException e) {
            problem.addSuppressed(e);
        }
        throw problem;
    }

    private Path createMountPoint(SlotName slot) {
        try {
            // createTempDirectory makes it rwx------: nobody else can walk into the slot. The real
            // path is what the mount table will show, even when the base is reached by a symlink.
            return Files.createTempDirectory(mountBase.toRealPath(), "kubesolo-slot-" + slot + "-");
        } catch (IOException e) {
            throw new SlotException(
                    "cannot create a mount point for slot " + slot + " in " + mountBase + ": " + e.getMessage(), e);
        }
    }

    private static void removeMountPoint(Path mountPoint, SlotException pending) {
        try {
            Files.deleteIfExists(mountPoint);
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }

    private SlotException withContext(SlotName slot, Path device, String action, SlotException e) {
        return new SlotException(
                "cannot " + action + " slot " + slot + " (" + device + ", label " + labels.of(slot) + "): "
                        + e.getMessage(),
                e);
    }

    /** A slot partition mounted on a private directory; closing unmounts and removes the directory. */
    private static final class PartitionMount implements MountedSlot {

        private final SlotName name;
        private final Path directory;
        private final boolean writable;
        private final Mounter mounter;
        private boolean closed;

        PartitionMount(SlotName name, Path directory, boolean writable, Mounter mounter) {
            this.name = name;
            this.directory = directory;
            this.writable = writable;
            this.mounter = mounter;
        }

        @Override
        public SlotName name() {
            return name;
        }

        @Override
        public Path directory() {
            return directory;
        }

        @Override
        public boolean writable() {
            return writable;
        }

        /**
         * Unmounts, which also flushes what was written. When a file on the slot is still open, the
         * mount is detached lazily so nothing stays mounted, and the failure is still reported.
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                mounter.unmount(directory);
            } catch (SlotException busy) {
                try {
                    mounter.unmountLazily(directory);
                } catch (SlotException lazy) {
                    SlotException failure = new SlotException(
                            "cannot unmount slot " + name + " from " + directory + ", it is still mounted: "
                                    + busy.getMessage(),
                            busy);
                    failure.addSuppressed(lazy);
                    throw failure;
                }
                SlotException failure = new SlotException(
                        "cannot unmount slot " + name + " from " + directory + " cleanly, detached it lazily: "
                                + busy.getMessage(),
                        busy);
                removeMountPoint(directory, failure);
                throw failure;
            }
            try {
                Files.delete(directory);
            } catch (IOException e) {
                throw new SlotException(
                        "unmounted slot " + name + " but cannot remove its mount point " + directory + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }
}
