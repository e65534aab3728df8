package io.kubesolo.update.cli;

import io.kubesolo.update.lifecycle.Rollback;
import io.kubesolo.update.slot.SlotName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rollback}: the next boot goes back to the other slot. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Point the next boot back at the other slot (refused when it does not hold a complete"
                    + " system). State: rolled_back, last error 'manual rollback'. Does not reboot.",
            "Exit status: 0 rolled back, 1 failed, 4 another command holds the lock."
        })
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() {
        SlotName next =
                Device.changeUnderLock(deviceOptions, spec.commandLine().getErr(), "rollback", device -> new Rollback(
                                device.boot(), device.slots(), device.stateStore(), device.clock())
                        .rollBack(Rollback.MANUAL));
        spec.commandLine().getOut().println("rolled back: slot " + next + " boots next");
        spec.commandLine().getOut().flush();
        return ExitCodes.SUCCESS;
    }
}
