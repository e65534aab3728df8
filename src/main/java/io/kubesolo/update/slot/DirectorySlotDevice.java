package io.kubesolo.update.slot;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The slots of a simulated device (SPEC §11): the directories {@code slots/A/} and
 * {@code slots/B/} under the device root. Nothing is mounted; closing a slot does nothing.
 * Opening for reading never creates anything (a missing directory reads as an empty slot);
 * opening for writing creates the directory.
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
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                AtomicFiles.syncDirectory(slotsDirectory);
            }
        } catch (IOException e) {
            throw new SlotException("cannot create the directory of slot " + slot + " at " + directory + ": "
                    + e.getMessage(), e);
        }
        return new SlotDirectory(slot, directory, true);
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
