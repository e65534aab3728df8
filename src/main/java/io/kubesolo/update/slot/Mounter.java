package io.kubesolo.update.slot;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Mounts and unmounts slot file systems with {@code mount(8)} and {@code umount(8)}. Every mount
 * it makes is {@code nodev,nosuid,noexec}: a slot holds a kernel and an initramfs to be read as
 * data, never programs or device nodes to be used from the running system.
 */
public final class Mounter {

    /** The file system of a system slot (SPEC §1). */
    static final String SLOT_FILE_SYSTEM = "ext4";

    private static final String HARDENING = "nodev,nosuid,noexec";

    private final ProcessRunner runner;
    private final Duration timeout;

    /** {@code timeout} bounds each command; mounting may replay an ext4 journal, so allow seconds. */
    public Mounter(ProcessRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** Mounts the ext4 file system on {@code device} at {@code mountPoint}, read-only unless {@code writable}. */
    public void mount(Path device, Path mountPoint, boolean writable) {
        runner.runOrFail(timeout, "mount", "-t", SLOT_FILE_SYSTEM, "-o", (writable ? "rw," : "ro,") + HARDENING,
                device.toString(), mountPoint.toString());
    }

    /** Makes the file system already mounted at {@code existing} visible, read-only, at {@code mountPoint}. */
    public void bindReadOnly(Path existing, Path mountPoint) {
        runner.runOrFail(timeout, "mount", "--bind", "-o", "ro," + HARDENING, existing.toString(), mountPoint.toString());
    }

    /** Unmounts {@code mountPoint}; fails while a file on it is still open. */
    public void unmount(Path mountPoint) {
        runner.runOrFail(timeout, "umount", mountPoint.toString());
    }

    /**
     * Detaches {@code mountPoint} at once and lets the kernel finish unmounting when its last user
     * lets go: the last resort when {@link #unmount} failed, so no mount is left behind.
     */
    public void unmountLazily(Path mountPoint) {
        runner.runOrFail(timeout, "umount", "--lazy", mountPoint.toString());
    }
}
