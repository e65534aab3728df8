package io.kubesolo.update.grub;

import io.kubesolo.update.slot.SlotName;

/**
 * The three GRUB variables the agent and GRUB share (spec §1): which slot GRUB boots, how many
 * unconfirmed boots are left before it falls back to the other slot, and whether the running boot
 * was confirmed healthy.
 *
 * <p>A variable that is not set reads as what a fresh KubeSolo device means by it, and what the
 * grub.cfg in docs/grubenv.md assumes: {@code active_slot} as {@code A} (the slot a new disk
 * boots), {@code boot_counter} as {@value #FULL_BOOT_COUNTER} (no attempt has been used; reading it
 * as 0 would make the first boot of a new device fall back to an empty slot), {@code boot_success}
 * as {@code 0} (nobody has confirmed the boot).
 */
public record BootState(SlotName activeSlot, int bootCounter, boolean bootSuccess) {

    public static final String ACTIVE_SLOT = "active_slot";
    public static final String BOOT_COUNTER = "boot_counter";
    public static final String BOOT_SUCCESS = "boot_success";

    /** Boot attempts a slot gets before GRUB falls back. */
    public static final int FULL_BOOT_COUNTER = 3;

    public BootState {
        if (activeSlot == null) {
            throw new IllegalArgumentException("activeSlot is null");
        }
        if (bootCounter < 0 || bootCounter > FULL_BOOT_COUNTER) {
            throw new IllegalArgumentException("bootCounter " + bootCounter + " is outside 0.." + FULL_BOOT_COUNTER);
        }
    }

    /**
     * The boot variables of {@code env}; unset ones read as described on the class.
     *
     * @throws GrubEnvException if a variable holds a value outside spec §1 (e.g. {@code active_slot=C})
     */
    public static BootState of(GrubEnv env) {
        SlotName slot = env.get(ACTIVE_SLOT)
                .map(value -> SlotName.parse(value).orElseThrow(() -> junk(ACTIVE_SLOT, value, "A or B")))
                .orElse(SlotName.A);
        int counter = env.get(BOOT_COUNTER).map(BootState::counter).orElse(FULL_BOOT_COUNTER);
        boolean success = env.get(BOOT_SUCCESS).map(BootState::success).orElse(false);
        return new BootState(slot, counter, success);
    }

    /**
     * True between pointing GRUB at a slot ({@code activate}, {@code rollback}) and the next boot:
     * GRUB counts {@code boot_counter} down at every boot and only a confirmation restores it, so
     * a full counter without a confirmation means no boot has happened since.
     */
    public boolean switchPending() {
        return !bootSuccess && bootCounter >= FULL_BOOT_COUNTER;
    }

    /** The slot the running system booted from: the active one, or the other while a switch is pending. */
    public SlotName runningSlot() {
        return switchPending() ? activeSlot.other() : activeSlot;
    }

    /** The slot GRUB boots next: the active one, or the other once the attempts of an unconfirmed boot are used up. */
    public SlotName nextBoot() {
        return !bootSuccess && bootCounter == 0 ? activeSlot.other() : activeSlot;
    }

    /** {@code env} with the three variables set to this state, in one go; every other line kept. */
    public GrubEnv applyTo(GrubEnv env) {
        return env.with(ACTIVE_SLOT, activeSlot.name())
                .with(BOOT_COUNTER, Integer.toString(bootCounter))
                .with(BOOT_SUCCESS, bootSuccess ? "1" : "0");
    }

    private static int counter(String value) {
        if (value.length() == 1 && value.charAt(0) >= '0' && value.charAt(0) <= '0' + FULL_BOOT_COUNTER) {
            return value.charAt(0) - '0';
        }
        throw junk(BOOT_COUNTER, value, "0, 1, 2 or 3");
    }

    private static boolean success(String value) {
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            default -> throw junk(BOOT_SUCCESS, value, "0 or 1");
        };
    }

    private static GrubEnvException junk(String name, String value, String expected) {
        return new GrubEnvException("GRUB variable " + name + " is '" + value + "', expected " + expected);
    }
}
