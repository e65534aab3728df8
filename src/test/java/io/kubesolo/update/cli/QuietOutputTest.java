package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Path;
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
        ReleasePush.onUsbStick(device, temp, "v0.3.0", 400_000, 5);

        CommandRun quiet = CommandRun.of(
                "apply", "--quiet", "--root", device.rootArg(), "--registry", ReleasePush.USB_STICK, "--tag", "stable");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.out()).startsWith("staged v0.3.0 into slot B");
        assertThat(quiet.err()).isEmpty();

        CommandRun refused = CommandRun.of(
                "apply", "-q", "--root", device.rootArg(), "--registry", ReleasePush.USB_STICK, "--tag", "missing");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).startsWith("kubesolo-update: ").hasLineCount(1);
    }
}
