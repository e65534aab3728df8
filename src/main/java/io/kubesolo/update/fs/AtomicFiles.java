package io.kubesolo.update.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a power cut at any instant: the reader sees either the old file or the new
 * one, never a mix. Temporary file in the same directory, write, fsync, rename over the target,
 * fsync the directory so the rename itself is durable. Each step passes a {@link CrashPoints crash
 * point} named after the target: {@code <name>.open} (empty temporary file), {@code <name>.synced}
 * (temporary file complete, not renamed), {@code <name>.renamed} (renamed, directory not synced).
 *
 * <p>Temporary files are created exclusively and never through a symbolic link
 * ({@link #createTemporary}): a link planted where a temporary file goes ({@code .state.json.tmp ->
 * /boot/...}) would otherwise redirect the write of a root process anywhere.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, temporarySibling(target));
    }

    /**
     * As {@link #write}, for a file that processes holding no common lock may write at the same time
     * ({@code check} runs beside {@code apply}): the temporary file is named after this process, so
     * that one writer never renames another's half-written file; the last rename wins.
     */
    public static void writeShared(Path target, byte[] content) throws IOException {
        removeTemporariesOfDeadProcesses(target);
        write(target, content, sharedTemporary(target, ProcessHandle.current().pid()));
    }

    private static Path sharedTemporary(Path target, long pid) {
        return target.resolveSibling("." + target.getFileName() + "." + pid + ".tmp");
    }

    /**
     * A writer that died between creating its temporary file and renaming it (power cut, kill -9)
     * leaves the file behind, under a pid no later run has: each run clears the ones whose process
     * is gone, so they cannot pile up over a device's reboots.
     */
    private static void removeTemporariesOfDeadProcesses(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            return;
        }
        String prefix = "." + target.getFileName() + ".";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(directory, prefix + "*.tmp")) {
            for (Path sibling : siblings) {
                String pid = sibling.getFileName().toString();
                pid = pid.substring(prefix.length(), pid.length() - ".tmp".length());
                if (pid.matches("\\d{1,18}")
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    private static void write(Path target, byte[] content, Path temporary) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        refuseSymbolicLink(temporary); // before the try: a planted link is reported, not removed
        try {
            try (FileChannel channel = createTemporary(temporary)) {
                CrashPoints.reached(target, "open");
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            CrashPoints.reached(target, "synced");
            replace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Only the owner may read: for what came from elsewhere or is secret (a private key, a slot's files). */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Opens {@code temporary} for writing as a new, empty file of this process: a leftover regular
     * file (a crash's) is removed first; a symbolic link there is refused with an error naming it;
     * the file is created exclusively ({@code O_CREAT|O_EXCL}, which never follows a link), so the
     * bytes land in this file and nowhere else.
     */
    public static FileChannel createTemporary(Path temporary, FileAttribute<?>... attributes) throws IOException {
        refuseSymbolicLink(temporary);
        Files.deleteIfExists(temporary); // removes a link itself, never its target
        return FileChannel.open(
                temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                attributes);
    }

    /** {@link #createTemporary} with mode 0600 from the moment the file exists. */
    public static FileChannel createPrivateTemporary(Path temporary) throws IOException {
        return createTemporary(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }

    /**
     * Refuses to write through a symbolic link that may have been planted in place of {@code file}.
     *
     * @throws FileSystemException naming {@code file} when it is a symbolic link
     */
    public static void refuseSymbolicLink(Path file) throws FileSystemException {
        if (Files.isSymbolicLink(file)) {
            throw new FileSystemException(
                    file.toString(), null, "is a symbolic link; refusing to write through it (was it planted?)");
        }
    }

    /** Renames {@code source} over {@code target} atomically and makes the rename durable. */
    public static void replace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " atomically over " + target, e);
        }
        CrashPoints.reached(target, "renamed");
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Flushes a directory's entries (creations, renames, deletions) to disk. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The name of the temporary file a write of {@code target} goes through first. */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }
}
