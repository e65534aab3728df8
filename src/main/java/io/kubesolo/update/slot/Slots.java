package io.kubesolo.update.slot;

import io.kubesolo.update.Outcome;

/**
 * The two system slots of one device, knowing which one is active and which one the system runs
 * from: the guard that keeps both from ever being opened for writing. Updates go to the passive
 * slot. The two differ while an activation waits for its reboot (GRUB names the new slot, the old
 * one runs) and after GRUB fell back (it still names the slot that failed): the passive slot is
 * then the running one, the only way back, and it is refused whatever the state file says.
 */
public final class Slots {

    private final SlotDevice device;
    private final SlotName active;
    private final SlotName running;

    /** Slots of a system running from the active slot. */
    public Slots(SlotDevice device, SlotName active) {
        this(device, active, active);
    }

    /**
     * @param active  GRUB's {@code active_slot}, the slot it boots next
     * @param running the slot the running system booted from
     */
    public Slots(SlotDevice device, SlotName active, SlotName running) {
        this.device = device;
        this.active = active;
        this.running = running;
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

    /** Opens {@code slot} for writing; the active and the running slot are refused ({@link Outcome#REFUSED}). */
    public MountedSlot openForWriting(SlotName slot) {
        if (slot == active) {
            throw new SlotException(
                    Outcome.REFUSED,
                    "refusing to write slot " + slot + ": it is the active slot, updates go to the passive slot "
                            + passive());
        }
        if (slot == running) {
            throw new SlotException(
                    Outcome.REFUSED,
                    "refusing to write slot " + slot + ": the system runs from it while GRUB boots slot " + active
                            + " next; reboot and run healthcheck (or rollback) first");
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
