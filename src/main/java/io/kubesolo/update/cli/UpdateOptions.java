package io.kubesolo.update.cli;

import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/** The flags {@code check} and {@code apply} share: the device, the source, and how to reach and judge it. */
final class UpdateOptions {

    @Mixin
    DeviceOptions device;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SourceOptions source;

    @Mixin
    RegistryAccessOptions registryAccess;

    @Mixin
    PolicyOptions policy;

    @Mixin
    NetworkOptions network;

    UpdateWiring wire(Clock clock, PrintWriter warnings) {
        return new UpdateWiring(device, source, registryAccess, policy, network, System.getenv(), clock, warnings);
    }
}
