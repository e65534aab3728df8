package io.kubesolo.update.oci;

import java.util.Locale;

/** This machine's architecture in the Go names OCI platforms use ({@code amd64}, {@code arm64}). */
public final class MachineArchitecture {

    private MachineArchitecture() {
    }

    /** Maps a Java {@code os.arch} value ({@code amd64}, {@code x86_64}, {@code aarch64}) to its Go name. */
    public static String fromOsArch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64": case "x86_64": return "amd64";
            case "aarch64": case "arm64": return "arm64";
            case "x86": case "i386": case "i486": case "i586": case "i686": return "386";
            default: return arch;
        }
    }

    /** The running JVM's architecture. */
    public static String current() {
        return fromOsArch(System.getProperty("os.arch"));
    }
}
