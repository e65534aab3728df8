package io.kubesolo.update.slot;

import io.kubesolo.update.Outcome;

/**
 * The two system slots of one device, knowing which one is active: the guard that keeps the
 * running system's slot from ever being opened for writing. Updates go to the passive slot.
 */
public final class Slots {

    private final SlotDevice device;
    private final SlotName active;

    /** @param active the slot the running system booted from (GRUB's {@code active_slot}) */
    public Slots(SlotDevice device, SlotName active) {
        this.device = device;
        this.active = active;
    }

    public SlotName active() {
        return active;
    }

    public SlotName passive() {
        return active.other();
    }

    public SlotDevice device() {
        return device;
    }

    /** Opens the passive slot for writing an update into it. */
    public MountedSlot openPassiveForWriting() {
        return openForWriting(passive());
    }

    /** Opens {@code slot} for writing; the active slot is refused ({@link Outcome#REFUSED}). */
    public MountedSlot openForWriting(SlotName slot) {
        if (slot == active) {
            throw new SlotException(
                    Outcome.REFUSED,
                    "refusing to write slot " + slot + ": it is the active slot, updates go to the passive slot "
                            + passive());
        }
        return device.openForWriting(slot);
    }

    public MountedSlot openForReading(SlotName slot) {
        return device.openForReading(slot);
    }

    /** What {@code slot} holds, read through a read-only opening that is closed again. */
    public SlotInfo inspect(SlotName slot) {
        try (MountedSlot opened = device.openForReading(slot)) {
            return SlotInfo.of(opened);
        }
    }
}
