package io.kubesolo.update.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A slot's files made reachable as a directory: a directory under the device root, or a
 * partition mounted for the duration. Closing it unmounts what was mounted.
 */
public interface MountedSlot extends AutoCloseable {

    SlotName name();

    /** The directory holding {@code vmlinuz}, {@code kubesolo-os.gz} and {@code version}. */
    Path directory();

    boolean writable();

    /**
     * Bytes a write to this slot can still use on its file system, for the free-space gate. Works
     * on a slot opened for reading too; the slot's own files are not counted as free.
     */
    default long usableBytes() {
        try {
            return Files.getFileStore(directory()).getUsableSpace();
        } catch (IOException e) {
            throw new SlotException(
                    "cannot read the free space of slot " + name() + " at " + directory() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void close();
}
