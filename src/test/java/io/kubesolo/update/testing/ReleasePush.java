package io.kubesolo.update.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.policy.MachineArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A release published the way an operator publishes one, with the program's own {@code push}: a
 * kernel and an initramfs to a registry repository ({@code --plain-http}, as the test registry
 * speaks plain HTTP) or an {@code oci-layout:} directory, for {@code amd64} under the tag
 * {@code stable} unless told otherwise. {@link #run} asserts that the push succeeded.
 */
public final class ReleasePush {

    /** The OCI layout on a simulated device's USB stick, as the device names it. */
    public static final String USB_STICK = "oci-layout:/media/usb";

    private final String registry;
    private final Path kernel;
    private final Path initramfs;
    private final String version;
    private String architecture = "amd64";
    private final List<String> tags = new ArrayList<>(List.of("stable"));
    private final List<String> flags = new ArrayList<>();

    private ReleasePush(String registry, Path kernel, Path initramfs, String version) {
        this.registry = registry;
        this.kernel = kernel;
        this.initramfs = initramfs;
        this.version = version;
    }

    public static ReleasePush of(String registry, Path kernel, Path initramfs, String version) {
        return new ReleasePush(registry, kernel, initramfs, version);
    }

    /**
     * Puts a release of {@code version} for this machine, tagged {@code stable}, on the device's USB
     * stick, which the device names {@link #USB_STICK}: one file of {@code size} random bytes
     * (from {@code seed}), written under {@code scratch}, as both kernel and initramfs.
     */
    public static void onUsbStick(SimulatedDevice device, Path scratch, String version, int size, long seed)
            throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path file = Files.write(scratch.resolve("vmlinuz"), bytes);
        of("oci-layout:" + device.root().resolve(USB_STICK.substring("oci-layout:/".length())), file, file, version)
                .architecture(MachineArchitecture.ofThisMachine())
                .run();
    }

    public ReleasePush architecture(String architecture) {
        this.architecture = architecture;
        return this;
    }

    /** The tags instead of {@code stable}; none for only the version tag. */
    public ReleasePush tags(String... tags) {
        this.tags.clear();
        this.tags.addAll(List.of(tags));
        return this;
    }

    /** Further flags of {@code push}, e.g. {@code --sign-key <file>}. */
    public ReleasePush flags(String... flags) {
        this.flags.addAll(List.of(flags));
        return this;
    }

    public CommandRun run() {
        List<String> args = new ArrayList<>(List.of("push", "--registry", registry));
        if (!registry.startsWith("oci-layout:")) {
            args.add("--plain-http");
        }
        args.addAll(List.of(
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                version,
                "--architecture",
                architecture));
        for (String tag : tags) {
            args.addAll(List.of("--tag", tag));
        }
        args.addAll(flags);
        CommandRun push = CommandRun.of(args.toArray(String[]::new));
        assertThat(push.exitCode()).as(push.toString()).isZero();
        return push;
    }
}
