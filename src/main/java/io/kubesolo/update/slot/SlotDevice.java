package io.kubesolo.update.slot;

/**
 * Where the two system slots live: directories under a device root, or ext4 partitions found by
 * label. Knows nothing of which slot is active; {@link Slots} guards the active one.
 */
public interface SlotDevice {

    /** Opens a slot read-only. */
    MountedSlot openForReading(SlotName slot);

    /** Opens a slot for writing. Callers go through {@link Slots#openPassiveForWriting}. */
    MountedSlot openForWriting(SlotName slot);

    /** Says where the slots are, for {@code status}: "directory /x/slots" or "partitions KSOLOA/KSOLOB". */
    String describe();
}
