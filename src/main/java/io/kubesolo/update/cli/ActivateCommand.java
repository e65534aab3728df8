package io.kubesolo.update.cli;

import io.kubesolo.update.lifecycle.Activation;
import io.kubesolo.update.slot.SlotName;

/** {@code activate}: the staged passive slot becomes the next boot. */
final class ActivateCommand extends NextBootCommand {

    ActivateCommand() {
        super(
                "activate",
                "Make the staged passive slot the next boot: active_slot=<passive>, boot_counter=3,"
                        + " boot_success=0. GRUB falls back by itself if the new slot is not confirmed by a"
                        + " healthcheck within three boots. Does not reboot.",
                "Exit status: 0 activated, 1 nothing to activate or failed, 4 another command holds the lock.");
    }

    @Override
    SlotName change(Device device) {
        return new Activation(device.boot(), device.slots(), device.stateStore(), device.clock()).activate();
    }

    @Override
    String versionOf(Device device, SlotName next) {
        return device.stateStore().read().toVersion();
    }

    @Override
    String result() {
        return "activated";
    }

    @Override
    String message(SlotName next) {
        return "activated slot " + next + ": it boots next; run healthcheck after the reboot";
    }
}
