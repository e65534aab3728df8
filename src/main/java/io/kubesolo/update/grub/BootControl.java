package io.kubesolo.update.grub;

import io.kubesolo.update.slot.SlotName;

/**
 * The agent's side of the A/B boot protocol (spec §1): reads the boot variables and changes them.
 * Each change sets {@code active_slot}, {@code boot_counter} and {@code boot_success} together in
 * one atomic replacement of the block, so a power cut leaves either the old three or the new three;
 * every other variable in the block is kept. GRUB's side is {@link GrubBootRule}.
 */
public final class BootControl {

    private final GrubEnvFile file;

    public BootControl(GrubEnvFile file) {
        this.file = file;
    }

    public GrubEnvFile file() {
        return file;
    }

    /** The boot variables as they are now. */
    public BootState read() {
        return BootState.of(file.read());
    }

    /**
     * Makes {@code target} the next boot, on probation: {@code boot_counter=3},
     * {@code boot_success=0}. Unless a boot of it is confirmed, GRUB falls back to the other slot
     * after three boots.
     */
    public void activate(SlotName target) {
        write(new BootState(target, BootState.FULL_BOOT_COUNTER, false));
    }

    /**
     * Confirms the running boot of the active slot as healthy: {@code boot_success=1} and the full
     * {@code boot_counter} again.
     *
     * <p>GRUB clears {@code boot_success} and counts down at every boot, confirmed or not (spec §1),
     * so a slot stays chosen only while its boots keep being confirmed: call this after every
     * passing health check, not only the first one after an activation.
     *
     * @throws GrubEnvException if the current variables cannot be read
     */
    public void confirm() {
        write(new BootState(read().activeSlot(), BootState.FULL_BOOT_COUNTER, true));
    }

    /**
     * Points the next boot at {@code slot} as a known-good slot, for a rollback or a forced fallback:
     * {@code boot_counter=3}, {@code boot_success=1}.
     *
     * <p>With the counter at 3, GRUB boots {@code slot} next whatever {@code boot_success} says.
     * It is set to 1 because the slot is not on probation: it ran before the update being undone.
     * With 1, GRUB boots it even if {@code boot_counter} is damaged before the reboot, and
     * {@link #read()} does not show it as an activation waiting for its health check. As for every
     * boot, later boots of it need {@link #confirm()} to keep it chosen.
     */
    public void pointAt(SlotName slot) {
        write(new BootState(slot, BootState.FULL_BOOT_COUNTER, true));
    }

    private void write(BootState state) {
        file.write(state.applyTo(file.read()));
    }
}
