package io.kubesolo.update.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.OsRoot;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The demo's update cycle, run by the installed launcher inside an {@link OsRoot}: a release key,
 * a simulated device, a signed release in an OCI layout on its "USB stick", then check, apply,
 * activate, a simulated reboot, the health check and status. Every command runs with
 * {@code -Xshare:on}, so each fails loudly if the CDS archive cannot be used at the install path.
 */
final class DistributionCycle {

    /** -Xshare:on: the JVM refuses to start when the archive does not fit, instead of ignoring it. */
    static final Map<String, String> ARCHIVE_REQUIRED = Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on");

    private static final String PROGRAM = "/usr/bin/kubesolo-update";

    private DistributionCycle() {}

    /** Runs the cycle for a release of {@code architecture}; returns the final {@code status} output. */
    static String run(OsRoot os, String architecture) throws IOException, InterruptedException {
        Path work = Files.createDirectories(os.path().resolve("work"));
        Random random = new Random(7);
        byte[] kernel = new byte[1 << 20];
        random.nextBytes(kernel);
        Files.write(work.resolve("vmlinuz"), kernel);
        byte[] initramfs = new byte[2 << 20];
        random.nextBytes(initramfs);
        Files.write(work.resolve("kubesolo-os.gz"), initramfs);

        agent(os, "keygen", "--out-dir", "/work/keys", "--name", "release");
        agent(os, "simulate", "init", "--root", "/work/device", "--version", "v0.2.0");
        Path conf = work.resolve("device/etc/kubesolo/update.conf");
        Files.copy(work.resolve("keys/release.pub"), work.resolve("device/etc/kubesolo/release.pub"));
        Files.writeString(conf, Files.readString(conf) + "pubkey=/etc/kubesolo/release.pub\n");
        agent(
                os,
                "push",
                "--registry",
                "oci-layout:/work/device/media/usb/release",
                "--kernel",
                "/work/vmlinuz",
                "--initramfs",
                "/work/kubesolo-os.gz",
                "--version",
                "v0.3.0",
                "--architecture",
                architecture,
                "--channel",
                "stable",
                "--min-compatible-version",
                "v0.2.0",
                "--tag",
                "stable",
                "--sign-key",
                "/work/keys/release.key");
        String[] source = {"--registry", "oci-layout:/media/usb/release", "--tag", "stable", "--channel", "stable"};
        agent(os, concat(new String[] {"check", "--root", "/work/device"}, source));
        agent(os, concat(new String[] {"apply", "--root", "/work/device"}, source));
        agent(os, "activate", "--root", "/work/device");
        agent(os, "simulate", "boot", "--root", "/work/device");
        agent(os, "healthcheck", "--root", "/work/device");
        String status = agent(os, "status", "--root", "/work/device").stdout();
        assertThat(Files.readString(work.resolve("device/var/lib/kubesolo/update/state.json")))
                .containsPattern("\"phase\"\\s*:\\s*\"success\"");
        return status;
    }

    /** Runs the installed launcher with {@link #ARCHIVE_REQUIRED}, printing how long it took (for the docs' figures). */
    static Processes.Result agent(OsRoot os, String... arguments) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Processes.Result result = os.expectSuccess(ARCHIVE_REQUIRED, concat(new String[] {PROGRAM}, arguments));
        System.out.printf(
                "%s: kubesolo-update %s: %.2f s%n",
                os.path().getFileName(), String.join(" ", arguments), (System.nanoTime() - started) / 1e9);
        assertThat(result.stderr())
                .as("kubesolo-update " + String.join(" ", arguments))
                .doesNotContain("warning");
        return result;
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
