package io.kubesolo.update.slot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts and unmounts slot file systems with {@code mount(8)} and {@code umount(8)}, using only
 * what both util-linux and busybox accept: {@code -t}, {@code -o} (with {@code bind} and
 * {@code remount}) and {@code umount -l}; no long options. Every mount it makes is
 * {@code nodev,nosuid,noexec}: a slot holds a kernel and an initramfs to be read as data, never
 * programs or device nodes to be used from the running system.
 */
public final class Mounter {

    /** The file system of a system slot (spec §1). */
    static final String SLOT_FILE_SYSTEM = "ext4";

    private static final String HARDENING = "nodev,nosuid,noexec";

    private final ProcessRunner runner;
    private final Duration timeout;
    private final List<String> mountCommand;
    private final List<String> umountCommand;

    /** {@code timeout} bounds each command; mounting may replay an ext4 journal, so allow seconds. */
    public Mounter(ProcessRunner runner, Duration timeout) {
        this(runner, timeout, List.of("mount"), List.of("umount"));
    }

    /** Runs the given programs instead of {@code mount} and {@code umount} from PATH, e.g. {@code busybox mount}. */
    public Mounter(ProcessRunner runner, Duration timeout, List<String> mountCommand, List<String> umountCommand) {
        this.runner = runner;
        this.timeout = timeout;
        this.mountCommand = List.copyOf(mountCommand);
        this.umountCommand = List.copyOf(umountCommand);
    }

    /** Mounts the ext4 file system on {@code device} at {@code mountPoint}, read-only unless {@code writable}. */
    public void mount(Path device, Path mountPoint, boolean writable) {
        mount(
                "-t",
                SLOT_FILE_SYSTEM,
                "-o",
                (writable ? "rw," : "ro,") + HARDENING,
                device.toString(),
                mountPoint.toString());
    }

    /**
     * Makes the file system already mounted at {@code existing} visible, read-only, at
     * {@code mountPoint}. Two steps: the kernel ignores the flags of the bind itself, and busybox
     * mount, unlike util-linux's, does not remount for them by itself.
     */
    public void bindReadOnly(Path existing, Path mountPoint) {
        mount("-o", "bind", existing.toString(), mountPoint.toString());
        try {
            mount("-o", "remount,bind,ro," + HARDENING, mountPoint.toString());
        } catch (SlotException e) {
            try {
                unmount(mountPoint);
            } catch (SlotException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Unmounts {@code mountPoint}; fails while a file on it is still open. */
    public void unmount(Path mountPoint) {
        umount(mountPoint.toString());
    }

    /**
     * Detaches {@code mountPoint} at once and lets the kernel finish unmounting when its last user
     * lets go: the last resort when {@link #unmount} failed, so no mount is left behind.
     */
    public void unmountLazily(Path mountPoint) {
        umount("-l", mountPoint.toString());
    }

    private void mount(String... arguments) {
        runner.runOrFail(timeout, command(mountCommand, arguments));
    }

    private void umount(String... arguments) {
        runner.runOrFail(timeout, command(umountCommand, arguments));
    }

    private static String[] command(List<String> program, String... arguments) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }
}
