package io.kubesolo.update.cli;

import io.kubesolo.update.slot.SlotName;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that changes which slot boots next ({@code activate}, {@code rollback}): the change
 * runs under the device lock, and its outcome, the slot that boots next and the version it holds,
 * is one line or, with {@code --json}, one document.
 */
abstract class NextBootCommand implements Callable<Integer>, OutcomeDocument.Producer {

    private final DeviceOptions deviceOptions = new DeviceOptions();
    private final JsonOption json = new JsonOption();
    private final CommandSpec spec;

    NextBootCommand(String name, String... description) {
        spec = CodedModel.command(this, name, description);
        deviceOptions.addTo(spec);
        json.addTo(spec);
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public List<String> fields() {
        return List.of("slot", "version");
    }

    /** Changes the next boot of {@code device}, holding its lock; returns the slot that boots next. */
    abstract SlotName change(Device device);

    /** The version {@code next} holds, read under the lock right after the change. */
    abstract String versionOf(Device device, SlotName next);

    /** The document's {@code result}: {@code activated}, {@code rolled_back}. */
    abstract String result();

    /** What the command says without {@code --json}. */
    abstract String message(SlotName next);

    @Override
    public Integer call() {
        String command = spec.name();
        OutcomeDocument outcome =
                Device.changeUnderLock(deviceOptions, spec.commandLine().getErr(), command, device -> {
                    SlotName next = change(device);
                    return OutcomeDocument.nextBoot(result(), next, versionOf(device, next), message(next));
                });
        outcome.report(spec.commandLine().getOut(), json.enabled());
        return ExitCodes.SUCCESS;
    }
}
