package io.kubesolo.update.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;

/** The flags {@code check} and {@code apply} share: the device, the source, and how to reach and judge it. */
final class UpdateOptions {

    final DeviceOptions device = new DeviceOptions();
    final SourceOptions source = new SourceOptions();
    final RegistryAccessOptions registryAccess = new RegistryAccessOptions();
    final PolicyOptions policy = new PolicyOptions();
    final NetworkOptions network = new NetworkOptions();
    private boolean quiet;

    /** Adds every flag to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        device.addTo(command);
        source.addTo(command);
        registryAccess.addTo(command);
        policy.addTo(command);
        network.addTo(command);
        command.addOption(CodedModel.option(boolean.class, () -> quiet, value -> quiet = value, "-q", "--quiet")
                .description("No progress and no informational lines on stderr; warnings and errors still go there.")
                .build());
    }

    /** Where progress and informational lines go: stderr, or nowhere with --quiet. */
    PrintWriter info(PrintWriter err) {
        return quiet ? new PrintWriter(Writer.nullWriter()) : err;
    }

    UpdateWiring wire(Clock clock, PrintWriter warnings) {
        return new UpdateWiring(
                device, source, registryAccess, policy, network, System.getenv(), clock, warnings, info(warnings));
    }
}
