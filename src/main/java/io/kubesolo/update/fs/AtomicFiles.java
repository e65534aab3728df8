package io.kubesolo.update.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a power cut at any instant: the reader sees either the old file or the new
 * one, never a mix. Temporary file in the same directory, write, fsync, rename over the target,
 * fsync the directory so the rename itself is durable. Each step passes a {@link CrashPoints crash
 * point} named after the target: {@code <name>.open} (empty temporary file), {@code <name>.synced}
 * (temporary file complete, not renamed), {@code <name>.renamed} (renamed, directory not synced).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

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
                if (pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    private static void write(Path target, byte[] content, Path temporary) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
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
