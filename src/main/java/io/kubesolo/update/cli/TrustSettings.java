package io.kubesolo.update.cli;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.verify.TrustedKeys;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which public keys this machine trusts: the {@code --pubkey} flags when any is given, else
 * update.conf's {@code pubkey} (a comma-separated list of key files or directories of key files).
 * None means releases are not authenticated, which every report says.
 */
record TrustSettings(List<String> keyPaths) {

    static TrustSettings from(UpdateConf conf) {
        return from(List.of(), conf);
    }

    static TrustSettings from(List<String> flags, UpdateConf conf) {
        if (flags != null && !flags.isEmpty()) {
            return new TrustSettings(List.copyOf(flags));
        }
        return new TrustSettings(conf.get(ConfKey.PUBKEY)
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toList()))
                .orElse(List.of()));
    }

    boolean enabled() {
        return !keyPaths.isEmpty();
    }

    TrustedKeys load(DeviceRoot root) {
        if (!enabled()) {
            return TrustedKeys.none();
        }
        return TrustedKeys.load(keyPaths.stream().map(root::resolve).collect(Collectors.toList()));
    }
}
