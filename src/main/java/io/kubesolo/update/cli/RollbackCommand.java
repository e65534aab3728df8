package io.kubesolo.update.cli;

import io.kubesolo.update.lifecycle.Rollback;
import io.kubesolo.update.slot.SlotName;

/** {@code rollback}: the next boot goes back to the other slot. */
final class RollbackCommand extends NextBootCommand {

    RollbackCommand() {
        super(
                "rollback",
                "Point the next boot back at the other slot (refused when it does not hold a complete"
                        + " system). State: rolled_back, last error 'manual rollback'. Does not reboot.",
                "Exit status: 0 rolled back, 1 failed, 4 another command holds the lock.");
    }

    @Override
    SlotName change(Device device) {
        return new Rollback(device.boot(), device.slots(), device.stateStore(), device.clock())
                .rollBack(Rollback.MANUAL);
    }

    @Override
    String versionOf(Device device, SlotName next) {
        return device.slots().inspect(next).version().orElse(null);
    }

    @Override
    String result() {
        return "rolled_back";
    }

    @Override
    String message(SlotName next) {
        return "rolled back: slot " + next + " boots next";
    }
}
