package io.kubesolo.update.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What is mounted where, read fresh from {@code /proc/self/mountinfo} (proc(5)) on every call.
 * Mount points are reported as this process sees them.
 */
public final class MountTable {

    /** One line of mountinfo: which device, which directory of it, mounted where, how. */
    public record Mount(DeviceNumber device, String root, Path mountPoint, List<String> options) {

        /** Whether this mount itself is read-only (the per-mount flag, not the file system's). */
        public boolean readOnly() {
            return options.contains("ro");
        }
    }

    private final Path mountinfo;

    public MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    public static MountTable ofThisProcess() {
        return new MountTable(Path.of("/proc/self/mountinfo"));
    }

    public List<Mount> mounts() {
        try {
            return parse(Files.readString(mountinfo, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SlotException("cannot read the mount table " + mountinfo + ": " + e.getMessage(), e);
        }
    }

    /** Every mount of {@code device}, in mount order. */
    public List<Mount> mountsOf(DeviceNumber device) {
        return mounts().stream().filter(m -> m.device().equals(device)).toList();
    }

    /** The mount on {@code directory}, the last one when several are stacked there. */
    public Optional<Mount> mountAt(Path directory) {
        Path wanted = directory.toAbsolutePath().normalize();
        List<Mount> all = mounts();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).mountPoint().equals(wanted)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Parses mountinfo text. Fields: id, parent id, major:minor, root, mount point, per-mount
     * options, optional fields up to "-", file system type, source, super options.
     */
    static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ", -1);
            if (fields.length < 6) {
                throw new SlotException(
                        "mount table line has " + fields.length + " fields, expected at least 6: " + line);
            }
            try {
                mounts.add(new Mount(
                        DeviceNumber.parse(fields[2]),
                        unescape(fields[3]),
                        Path.of(unescape(fields[4])),
                        Arrays.asList(fields[5].split(","))));
            } catch (IllegalArgumentException e) {
                throw new SlotException("mount table line is not valid (" + e.getMessage() + "): " + line, e);
            }
        }
        return mounts;
    }

    /** Undoes the kernel's octal escapes of space, tab, newline and backslash ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
