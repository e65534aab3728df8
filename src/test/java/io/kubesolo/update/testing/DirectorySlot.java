package io.kubesolo.update.testing;

import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotName;
import java.nio.file.Path;

/** A writable slot that is just a directory, for tests of what is written into a slot. */
public record DirectorySlot(SlotName name, Path directory) implements MountedSlot {

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void close() {}
}
