package io.kubesolo.update.stage;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.policy.SlotSpace;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The room a slot has for a release: the file system's usable bytes plus the bytes of the files
 * {@link Stager} replaces (it removes an old kernel or initramfs before downloading the new one,
 * and leftovers of an interrupted download).
 */
public final class PassiveSlotSpace implements SlotSpace {

    private final MountedSlot slot;

    public PassiveSlotSpace(MountedSlot slot) {
        this.slot = slot;
    }

    @Override
    public long availableBytes() {
        Path directory = slot.directory();
        try {
            long available = Files.getFileStore(directory).getUsableSpace();
            for (SlotFile file : new SlotFile[] {SlotFile.KERNEL, SlotFile.INITRAMFS}) {
                Path target = directory.resolve(file.fileName());
                available += sizeIfPresent(target) + sizeIfPresent(AtomicFiles.temporarySibling(target));
            }
            return available;
        } catch (IOException e) {
            throw new StageException(
                    "cannot measure free space in slot " + slot.name() + " (" + directory + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "slot " + slot.name();
    }

    private static long sizeIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }
}
