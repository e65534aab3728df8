package io.kubesolo.update.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block device's major:minor number, the identity /proc/self/mountinfo uses for what is mounted
 * (its source path may be {@code /dev/root} or a symlink, its number is unambiguous).
 */
public record DeviceNumber(long major, long minor) {

    /** File type bits of {@code st_mode} and the value for a block device (stat.h). */
    private static final int S_IFMT = 0170000;

    private static final int S_IFBLK = 0060000;

    /** Parses mountinfo's third field, {@code "7:3"}. */
    public static DeviceNumber parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a major:minor device number: " + text);
        }
        return new DeviceNumber(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }

    /** The number of the block device file {@code device}; anything else is a {@link SlotException}. */
    public static DeviceNumber of(Path device) {
        try {
            int mode = (Integer) Files.getAttribute(device, "unix:mode");
            if ((mode & S_IFMT) != S_IFBLK) {
                throw new SlotException(device + " is not a block device");
            }
            return decode((Long) Files.getAttribute(device, "unix:rdev"));
        } catch (IOException e) {
            throw new SlotException("cannot stat block device " + device + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new SlotException(
                    "cannot read the device number of " + device + ": this Java runtime has no unix file attributes",
                    e);
        }
    }

    /** Splits a Linux {@code dev_t} as glibc's {@code major()} and {@code minor()} do. */
    static DeviceNumber decode(long dev) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
        long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
        return new DeviceNumber(major, minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
