package io.kubesolo.update.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags {@code check} and {@code apply} share: the device, the source, and how to reach and judge it. */
final class UpdateOptions {

    final DeviceOptions device = new DeviceOptions();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Mixin
    RegistryAccessOptions registryAccess;

    @Mixin
    PolicyOptions policy;

    @Mixin
    NetworkOptions network;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress and no informational lines on stderr; warnings and errors still go there.")
    boolean quiet;

    /** Where progress and informational lines go: stderr, or nowhere with --quiet. */
    PrintWriter info(PrintWriter err) {
        return quiet ? new PrintWriter(Writer.nullWriter()) : err;
    }

    UpdateWiring wire(Clock clock, PrintWriter warnings) {
        return new UpdateWiring(
                device, source, registryAccess, policy, network, System.getenv(), clock, warnings, info(warnings));
    }
}
