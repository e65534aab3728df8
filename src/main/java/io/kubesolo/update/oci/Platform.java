package io.kubesolo.update.oci;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a manifest of an index runs: {@code os}, {@code architecture} in Go's names ({@code amd64},
 * {@code arm64}) and an optional {@code variant} ({@code v8}).
 */
public record Platform(String os, String architecture, Optional<String> variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
    }

    /**
     * Whether a machine of {@code machineArchitecture} runs this platform: Linux, the same
     * architecture, and for arm64 no variant or {@code v8} (the only arm64 variant there is).
     */
    public boolean runsOn(String machineArchitecture) {
        if (!"linux".equals(os) || !architecture.equals(machineArchitecture)) {
            return false;
        }
        return !"arm64".equals(architecture)
                || variant.isEmpty()
                || variant.get().equals("v8");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
