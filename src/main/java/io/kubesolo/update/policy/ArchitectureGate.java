package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.util.Optional;

/**
 * Gate 3 of spec §8: the release is built for this machine's architecture. A release that names
 * no architecture is taken to be for this one (hand-written {@code latest.json} files often omit it).
 */
public final class ArchitectureGate implements Gate {

    private final String machine;

    /** @param machine this machine's architecture in Go's names, see {@link MachineArchitecture} */
    public ArchitectureGate(String machine) {
        this.machine = machine;
    }

    @Override
    public String name() {
        return "architecture";
    }

    @Override
    public Decision evaluate(Release release) {
        Optional<String> declared = release.metadata().architecture();
        if (declared.isEmpty()) {
            return Decision.allow(name(), "release names no architecture, this machine is " + machine);
        }
        String detail = "release is for " + declared.get() + ", this machine is " + machine;
        return declared.get().equals(machine) ? Decision.allow(name(), detail) : Decision.refuse(name(), detail);
    }
}
