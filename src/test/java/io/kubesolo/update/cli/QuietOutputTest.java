package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --quiet}: the report on stdout and errors on stderr stay; progress and information go. */
@Timeout(60)
class QuietOutputTest {

    @TempDir
    Path temp;

    @Test
    void quietApplyPrintsItsResultAndNothingElse() throws Exception {
        SimulatedDevice device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        byte[] bytes = new byte[400_000];
        new Random(5).nextBytes(bytes);
        Path file = Files.write(temp.resolve("vmlinuz"), bytes);
        CommandRun push = CommandRun.of(
                "push",
                "--registry",
                "oci-layout:" + device.root().resolve("media/usb"),
                "--kernel",
                file.toString(),
                "--initramfs",
                file.toString(),
                "--version",
                "v0.3.0",
                "--architecture",
                MachineArchitecture.ofThisMachine(),
                "--tag",
                "stable");
        assertThat(push.exitCode()).as(push.toString()).isZero();

        CommandRun quiet = CommandRun.of(
                "apply",
                "--quiet",
                "--root",
                device.rootArg(),
                "--registry",
                "oci-layout:/media/usb",
                "--tag",
                "stable");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.out()).startsWith("staged v0.3.0 into slot B");
        assertThat(quiet.err()).isEmpty();

        CommandRun refused = CommandRun.of(
                "apply", "-q", "--root", device.rootArg(), "--registry", "oci-layout:/media/usb", "--tag", "missing");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).startsWith("kubesolo-update: ").hasLineCount(1);
    }
}
