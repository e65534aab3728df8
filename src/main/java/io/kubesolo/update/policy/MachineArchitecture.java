package io.kubesolo.update.policy;

import java.util.Locale;

/** The machine's architecture in Go's names, as releases declare it (spec §4, §6). */
public final class MachineArchitecture {

    private MachineArchitecture() {}

    /**
     * Translates the JVM's {@code os.arch} into Go's name: {@code amd64}/{@code x86_64} → amd64,
     * {@code aarch64}/{@code arm64} → arm64; any other name is returned lower-cased, unchanged.
     */
    public static String fromJvm(String osArch) {
        String name = osArch.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> name;
        };
    }

    /** This machine's architecture, from the running JVM. */
    public static String ofThisMachine() {
        return fromJvm(System.getProperty("os.arch"));
    }
}
