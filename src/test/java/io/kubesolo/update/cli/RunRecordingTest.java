package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** check and apply record their outcome, and metrics report it (an OCI layout is the source). */
@Timeout(60)
class RunRecordingTest {

    @TempDir
    Path temp;

    private SimulatedDevice device;

    @BeforeEach
    void publishIntoTheDevicesUsbStick() throws Exception {
        device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        byte[] kernel = new byte[300_000];
        new Random(7).nextBytes(kernel);
        Path kernelFile = Files.write(temp.resolve("vmlinuz"), kernel);
        CommandRun push = CommandRun.of(
                "push",
                "--registry",
                "oci-layout:" + device.root().resolve("media/usb"),
                "--kernel",
                kernelFile.toString(),
                "--initramfs",
                kernelFile.toString(),
                "--version",
                "v0.3.0",
                "--architecture",
                MachineArchitecture.ofThisMachine(),
                "--channel",
                "stable",
                "--tag",
                "stable");
        assertThat(push.exitCode()).as(push.toString()).isZero();
    }

    private CommandRun run(String command, String... extra) {
        String[] args = new String[extra.length + 7];
        args[0] = command;
        System.arraycopy(
                new String[] {"--root", device.rootArg(), "--registry", "oci-layout:/media/usb", "--tag", "stable"},
                0,
                args,
                1,
                6);
        System.arraycopy(extra, 0, args, 7, extra.length);
        return CommandRun.of(args);
    }

    private String metrics() {
        CommandRun metrics = CommandRun.of("metrics", "--root", device.rootArg());
        assertThat(metrics.exitCode()).as(metrics.toString()).isZero();
        return metrics.out();
    }

    @Test
    void checkAndApplyOutcomesReachTheMetrics() {
        assertThat(metrics()).contains("kubesolo_update_last_check_timestamp_seconds 0\n");

        CommandRun check = run("check");
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("signatures: not checked: releases are not being authenticated");
        assertThat(device.stateFile()).as("check writes no state").doesNotExist();
        assertThat(metrics())
                .contains("kubesolo_update_last_check_result{result=\"available\"} 1\n")
                .contains("kubesolo_update_available_info{version=\"v0.3.0\"} 1\n")
                .doesNotContain("kubesolo_update_last_check_timestamp_seconds 0\n");

        assertThat(run("apply", "--channel", "beta").exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(metrics()).contains("kubesolo_update_last_check_result{result=\"refused\"} 1\n");

        assertThat(run("apply").exitCode()).isZero();
        assertThat(metrics())
                .contains("kubesolo_update_last_check_result{result=\"available\"} 1\n")
                .contains("kubesolo_update_downloaded_bytes_total 600000\n");
    }

    @Test
    void aRefusalAfterStagingKeepsTheStagedUpdateAndShowsInStatusAndMetrics() throws Exception {
        assertThat(run("apply").exitCode()).isZero();
        String staged = Files.readString(device.stateFile());

        CommandRun refused = run("apply", "--channel", "beta");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);

        assertThat(Files.readString(device.stateFile())).isEqualTo(staged);
        CommandRun status = CommandRun.of("status", "--root", device.rootArg());
        assertThat(status.out())
                .contains("staged, v0.2.0 -> v0.3.0, attempt 1")
                .containsPattern("Last run: +refused at .*: refused by the channel gate");
        CommandRun json = CommandRun.of("status", "--root", device.rootArg(), "--json");
        assertThat(json.out())
                .contains("\"result\" : \"refused\"")
                .contains("\"reason\" : \"refused by the channel gate");
        assertThat(metrics())
                .contains("kubesolo_update_last_check_result{result=\"refused\"} 1\n")
                .contains("kubesolo_update_phase{phase=\"staged\"} 1\n");
        CommandRun activate = CommandRun.of("activate", "--root", device.rootArg());
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
    }

    /**
     * #12 item 5: on a read-only data partition (a tmpfs mounted read-only over the state
     * directory; needs root) the bookkeeping is a warning and check still gives its answer.
     */
    @Test
    @Tag("system")
    void aReadOnlyDataPartitionIsAWarningAndCheckStillAnswers() throws Exception {
        Path data = device.root().resolve("var/lib/kubesolo");
        Files.createDirectories(data);
        Processes.output(List.of("mount", "-t", "tmpfs", "-o", "ro,size=1m", "kubesolo-test-ro-data", data.toString()));
        try {
            CommandRun check = run("check");
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(check.out()).contains("v0.3.0");
            assertThat(check.err())
                    .contains("kubesolo-update: warning: cannot write ")
                    .contains("last-run.json")
                    .contains("Read-only file system");

            CommandRun health = CommandRun.of("healthcheck", "--root", device.rootArg());
            assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCodes.UNHEALTHY);
            assertThat(health.out()).containsPattern("data_partition: +FAILED");
        } finally {
            Processes.output(List.of("umount", data.toString()));
        }
    }
}
