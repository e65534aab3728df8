package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.util.Optional;

/**
 * Gate 2 of spec §8: the release is on the channel this device follows. A device that follows no
 * channel takes any release, and a release that names no channel is for every channel.
 */
public final class ChannelGate implements Gate {

    private final Optional<String> configured;

    public ChannelGate(Optional<String> configured) {
        this.configured = configured;
    }

    @Override
    public String name() {
        return "channel";
    }

    @Override
    public Decision evaluate(Release release) {
        Optional<String> declared = release.metadata().channel();
        if (configured.isEmpty() || declared.isEmpty()) {
            return Decision.allow(
                    name(), "release channel " + quoted(declared) + ", this device follows " + quoted(configured));
        }
        String detail = "release channel '" + declared.get() + "', this device follows '" + configured.get() + "'";
        return declared.get().equals(configured.get())
                ? Decision.allow(name(), detail)
                : Decision.refuse(name(), detail);
    }

    private static String quoted(Optional<String> value) {
        return value.map(v -> "'" + v + "'").orElse("(any)");
    }
}
