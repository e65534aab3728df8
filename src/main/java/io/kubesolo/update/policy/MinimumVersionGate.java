package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.util.Optional;

/**
 * Gate 4 of spec §8: the running version is at least the release's {@code min_compatible_version}.
 * When the release sets a minimum and the running version is unknown (the active slot has no
 * {@code version} file) the gate fails closed.
 */
public final class MinimumVersionGate implements Gate {

    private final Optional<Version> running;

    public MinimumVersionGate(Optional<Version> running) {
        this.running = running;
    }

    @Override
    public String name() {
        return "minimum version";
    }

    @Override
    public Decision evaluate(Release release) {
        Optional<String> declared = release.metadata().minCompatibleVersion();
        if (declared.isEmpty()) {
            return Decision.allow(name(), "release sets no minimum");
        }
        Version minimum = Version.parse(declared.get(), "the release's min_compatible_version");
        if (running.isEmpty()) {
            return Decision.refuse(name(), "release requires at least " + minimum + ", the running version is unknown");
        }
        String detail = "release requires at least " + minimum + ", running " + running.get();
        return running.get().isOlderThan(minimum) ? Decision.refuse(name(), detail) : Decision.allow(name(), detail);
    }
}
