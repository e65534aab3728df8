package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which source a run uses when flags and update.conf each name part of it: a flag takes
 * precedence, update.conf supplies the rest (docs/cli.md). An OCI layout directory is the registry.
 */
@Timeout(60)
class SourceSelectionTest {

    @TempDir
    Path temp;

    private SimulatedDevice device;

    @BeforeEach
    void publishTwoTags() throws Exception {
        device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        Path kernel = Files.writeString(temp.resolve("vmlinuz"), "kernel ".repeat(10_000));
        for (String version : new String[] {"v0.2.0", "v0.3.0"}) {
            ReleasePush.of("oci-layout:" + device.root().resolve("media/usb"), kernel, kernel, version)
                    .architecture(MachineArchitecture.ofThisMachine())
                    .tags(version)
                    .flags("--channel", "stable")
                    .run();
        }
    }

    @Test
    void aTagFlagTakesTheRegistryFromUpdateConf() throws Exception {
        Files.writeString(device.conf(), "registry=oci-layout:/media/usb\ntag=v0.2.0\n");

        CommandRun check = CommandRun.of("check", "--root", device.rootArg(), "--tag", "v0.3.0");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("v0.3.0");

        CommandRun apply = CommandRun.of("apply", "--root", device.rootArg(), "--tag", "v0.3.0");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("staged v0.3.0");
    }

    @Test
    void aTagFlagWithoutAnyRegistryIsAUsageErrorThatSaysWhatIsMissing() throws Exception {
        Files.writeString(device.conf(), "server=http://127.0.0.1:9/\n");

        CommandRun check = CommandRun.of("check", "--root", device.rootArg(), "--tag", "v0.3.0");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(check.err())
                .isEqualTo("kubesolo-update: --tag v0.3.0 needs a registry: give --registry HOST/PATH,"
                        + " or set registry= in " + device.conf() + "\n");
    }
}
