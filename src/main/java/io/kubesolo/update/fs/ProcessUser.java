package io.kubesolo.update.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The user this process runs as, by number. Read from the owner of {@code /proc/self} (proc(5))
 * rather than by looking the JVM's {@code user.name} up in the password database: the OS image's
 * initramfs has no {@code /etc/passwd}, and a name that names nobody must not stop the agent.
 */
public final class ProcessUser {

    private static final Path SELF = Path.of("/proc/self");

    private ProcessUser() {}

    /**
     * The uid this process runs as, read from {@code /proc/self} (the OS image has no passwd entry to look it up by name).
     *
     * @throws IOException when {@code /proc} is not mounted
     */
    public static int uid() throws IOException {
        return (Integer) Files.getAttribute(SELF, "unix:uid");
    }

    /** Whether {@code file} (not followed if it is a link) belongs to this process's user. */
    public static boolean owns(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid();
    }
}
