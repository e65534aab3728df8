package io.kubesolo.update.grub;

import io.kubesolo.update.slot.SlotName;

/**
 * What GRUB does with the boot variables at every boot (spec §1, "GRUB's side"), step for step
 * the grub.cfg of docs/grubenv.md, so that the demo and the tests can simulate a reboot:
 *
 * <ol>
 *   <li>{@code active_slot} other than {@code B} counts as {@code A}; an unset {@code boot_counter}
 *       counts as 3.</li>
 *   <li>If {@code boot_success} is not 1 and {@code boot_counter} is 0, switch {@code active_slot}
 *       to the other slot and set {@code boot_counter=3}.</li>
 *   <li>Set {@code boot_success=0}; count {@code boot_counter} down (3→2, 2→1, anything else→0);
 *       save; boot {@code active_slot}.</li>
 * </ol>
 *
 * Three unconfirmed boots of an activated slot are followed by a boot of the other slot.
 */
public final class GrubBootRule {

    /** One boot: the slot GRUB starts and the block as GRUB saved it before starting it. */
    public record Boot(SlotName slot, GrubEnv env) {}

    private GrubBootRule() {}

    public static Boot boot(GrubEnv env) {
        SlotName slot = "B".equals(env.get(BootState.ACTIVE_SLOT).orElse(null)) ? SlotName.B : SlotName.A;
        String counter = env.get(BootState.BOOT_COUNTER).orElse(Integer.toString(BootState.FULL_BOOT_COUNTER));
        boolean confirmed = "1".equals(env.get(BootState.BOOT_SUCCESS).orElse(null));
        if (!confirmed && "0".equals(counter)) {
            slot = slot.other();
            counter = Integer.toString(BootState.FULL_BOOT_COUNTER);
        }
        BootState saved = new BootState(slot, countDown(counter), false);
        return new Boot(slot, saved.applyTo(env));
    }

    /** Simulates one boot of the device whose block is {@code file}; returns the slot started. */
    public static SlotName boot(GrubEnvFile file) {
        Boot boot = boot(file.read());
        file.write(boot.env());
        return boot.slot();
    }

    private static int countDown(String counter) {
        return switch (counter) {
            case "3" -> 2;
            case "2" -> 1;
            default -> 0;
        };
    }
}
