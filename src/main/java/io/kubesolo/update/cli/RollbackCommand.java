package io.kubesolo.update.cli;

import io.kubesolo.update.lifecycle.Rollback;
import io.kubesolo.update.slot.SlotName;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
final class RollbackCommand implements Callable<Integer>, OutcomeDocument.Producer {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--json", description = "Print the outcome as one JSON document, also on failure (docs/cli.md).")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public List<String> fields() {
        return List.of("slot", "version");
    }

    @Override
    public Integer call() {
        OutcomeDocument outcome =
                Device.changeUnderLock(deviceOptions, spec.commandLine().getErr(), "rollback", device -> {
                    SlotName next = new Rollback(device.boot(), device.slots(), device.stateStore(), device.clock())
                            .rollBack(Rollback.MANUAL);
                    return OutcomeDocument.nextBoot(
                            "rolled_back",
                            next,
                            device.slots().inspect(next).version().orElse(null),
                            "rolled back: slot " + next + " boots next");
                });
        outcome.report(spec.commandLine().getOut(), json);
        return ExitCodes.SUCCESS;
    }
}
