package io.kubesolo.update.cli;

import io.kubesolo.update.lifecycle.Activation;
import io.kubesolo.update.slot.SlotName;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code activate}: the staged passive slot becomes the next boot. */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description = {
            "Make the staged passive slot the next boot: active_slot=<passive>, boot_counter=3,"
                    + " boot_success=0. GRUB falls back by itself if the new slot is not confirmed by a"
                    + " healthcheck within three boots. Does not reboot.",
            "Exit status: 0 activated, 1 nothing to activate or failed, 4 another command holds the lock."
        })
final class ActivateCommand implements Callable<Integer>, OutcomeDocument.Producer {

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
                Device.changeUnderLock(deviceOptions, spec.commandLine().getErr(), "activate", device -> {
                    SlotName next = new Activation(device.boot(), device.slots(), device.stateStore(), device.clock())
                            .activate();
                    return OutcomeDocument.nextBoot(
                            "activated",
                            next,
                            device.stateStore().read().toVersion(),
                            "activated slot " + next + ": it boots next; run healthcheck after the reboot");
                });
        outcome.report(spec.commandLine().getOut(), json);
        return ExitCodes.SUCCESS;
    }
}
