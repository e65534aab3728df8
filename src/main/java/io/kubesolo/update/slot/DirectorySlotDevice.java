package io.kubesolo.update.slot;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The slots of a simulated device (spec §11): the directories {@code slots/A/} and
 * {@code slots/B/} under the device root. Nothing is mounted; closing a slot does nothing.
 * Opening for reading never creates anything (a missing directory reads as an empty slot);
 * opening for writing creates the directory, and refuses one that is not its own real directory
 * (a planted {@code slots/B -> A} would make staging overwrite the running slot).
 */
public final class DirectorySlotDevice implements SlotDevice {

    private final Path slotsDirectory;

    public DirectorySlotDevice(DeviceRoot root) {
        this.slotsDirectory = root.resolve("/slots");
    }

    public Path directoryOf(SlotName slot) {
        return slotsDirectory.resolve(slot.name());
    }

    @Override
    public MountedSlot openForReading(SlotName slot) {
        return new SlotDirectory(slot, directoryOf(slot), false);
    }

    @Override
    public MountedSlot openForWriting(SlotName slot) {
        Path directory = directoryOf(slot);
        try {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory);
                AtomicFiles.syncDirectory(slotsDirectory);
            }
            requireOwnDirectory(slot, directory);
        } catch (IOException e) {
            throw new SlotException(
                    "cannot create the directory of slot " + slot + " at " + directory + ": " + e.getMessage(), e);
        }
        return new SlotDirectory(slot, directory, true);
    }

    private void requireOwnDirectory(SlotName slot, Path directory) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new SlotException("the directory of slot " + slot + ", " + directory + ", is "
                    + (attributes.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + "; refusing to write through it (was it planted?)");
        }
        Path other = directoryOf(slot.other());
        if (Files.exists(other)
                && Objects.equals(
                        attributes.fileKey(),
                        Files.readAttributes(other, BasicFileAttributes.class).fileKey())) {
            throw new SlotException("the directory of slot " + slot + ", " + directory + ", is the same directory as"
                    + " slot " + slot.other() + "'s; refusing to write into it");
        }
    }

    @Override
    public String describe() {
        return "directory " + slotsDirectory;
    }

    private record SlotDirectory(SlotName name, Path directory, boolean writable) implements MountedSlot {

        @Override
        public void close() {
            // A plain directory: nothing was mounted, nothing to release.
        }
    }
}
