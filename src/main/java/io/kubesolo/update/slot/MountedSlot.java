package io.kubesolo.update.slot;

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

    @Override
    void close();
}
