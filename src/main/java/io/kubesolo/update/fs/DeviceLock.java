package io.kubesolo.update.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that lets one command at a time change the device ({@code apply}, {@code activate},
 * {@code rollback}, a {@code healthcheck} that records its verdict): {@value #DEVICE_PATH} on the
 * data partition. Held from before the command reads the state until it exits.
 *
 * <p>An OS lock ({@link FileChannel#tryLock}, {@code fcntl} on Linux) rather than a file that
 * exists while a command runs: the kernel releases it when the process dies, however it dies
 * ({@code kill -9}, a power cut, an OOM kill), so a stale lock cannot exist and needs no
 * recovery heuristics such as probing a pid that may have been reused. The holder writes its pid
 * and command into the file only so that the refusal can name who holds it; the file itself is
 * never deleted (deleting a lock file lets a third process lock a new inode while the second
 * still waits on the old one).
 */
public final class DeviceLock implements AutoCloseable {

    /** Where the lock is on a device, beside the state file (spec §7). */
    public static final String DEVICE_PATH = "/var/lib/kubesolo/update/lock";

    /** "pid command", a line; anything longer in the file is not ours to show. */
    private static final int MAX_HOLDER_BYTES = 256;

    private final FileChannel channel;
    private final FileLock lock;

    private DeviceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the device at {@code root} for {@code command}, without waiting.
     *
     * @throws DeviceBusyException (BUSY) when another command holds it, naming its pid
     * @throws FsException         when the lock file cannot be created or locked
     */
    public static DeviceLock acquire(DeviceRoot root, String command) {
        return acquire(root.resolve(DEVICE_PATH), command);
    }

    public static DeviceLock acquire(Path file, String command) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.refuseSymbolicLink(file);
            channel = FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new DeviceBusyException("another kubesolo-update command (" + holder + ") is changing the"
                        + " device and holds " + file + "; try again when it has finished");
            }
            byte[] line = (ProcessHandle.current().pid() + " " + command + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line), 0);
            return new DeviceLock(channel, lock);
        } catch (IOException e) {
            closeAfterFailure(channel);
            throw new FsException("cannot take the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Null when another process, or another command in this one, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** Who holds the lock, as the holder wrote it: "pid 1234, apply"; it may not have written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HOLDER_BYTES);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        String[] parts = text.split(" ", 2);
        if (parts.length != 2 || !parts[0].chars().allMatch(Character::isDigit) || parts[0].isEmpty()) {
            return "pid unknown";
        }
        return "pid " + parts[0] + ", " + parts[1].replaceAll("\\p{Cntrl}", "?");
    }

    private static void closeAfterFailure(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException suppressed) {
            // The failure being reported matters more; closing releases nothing we hold.
        }
    }

    /** Releases the lock. The file stays, for the next command to lock. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new FsException("cannot release the lock: " + e.getMessage(), e);
        }
    }
}
