package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help on every command, version, usage errors. */
class CommandLineTest {

    @Test
    void everyCommandHasHelp() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            CommandRun help = CommandRun.of(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: kubesolo-update " + command);
        }
        assertThat(Main.commandLine().getSubcommands().keySet())
                .contains("check", "apply", "activate", "rollback", "healthcheck", "status", "metrics");
    }

    @Test
    void onlyTheCommandBeingRunIsBuilt() {
        assertThat(Main.commandLine("status", "--root", "/tmp").getSubcommands().keySet())
                .containsExactly("status");
        assertThat(Main.commandLine("--quiet", "apply").getSubcommands().keySet())
                .containsExactly("apply");
        assertThat(Main.commandLine("--help", "status").getSubcommands())
                .hasSameSizeAs(Main.commandLine().getSubcommands());
        assertThat(Main.commandLine("frobnicate").getSubcommands())
                .hasSameSizeAs(Main.commandLine().getSubcommands());
        assertThat(Main.commandLine().getSubcommands()).hasSize(KubesoloUpdateCommand.COMMANDS.size());

        CommandRun help = CommandRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("status", "apply", "rollout-bucket");
        CommandRun unknown = CommandRun.of("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("frobnicate");
    }

    @Test
    void versionIsPrinted() {
        CommandRun version = CommandRun.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("kubesolo-update ");
    }

    @Test
    void usageErrorsSayWhatIsWrongInOneLineAndExitTwo() {
        CommandRun unknownFlag = CommandRun.of("status", "--frobnicate");
        assertThat(unknownFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownFlag.err()).isEqualTo("""
                        kubesolo-update: Unknown option: '--frobnicate'
                        Try 'kubesolo-update status --help'.
                        """);

        CommandRun noCommand = CommandRun.of();
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).startsWith("kubesolo-update: a command is required");

        CommandRun badNumber = CommandRun.of("healthcheck", "--auto-rollback-after", "many", "--root", "/tmp");
        assertThat(badNumber.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badNumber.err()).contains("--auto-rollback-after");
    }

    @Test
    void nestedCommandsHaveHelpToo() {
        CommandRun help = CommandRun.of("simulate", "init", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).startsWith("Usage: kubesolo-update simulate init");
    }

    @Test
    void aMaintenanceWindowThatIsNoTimeIsAUsageError(@TempDir Path root) {
        SimulatedDevice device = SimulatedDevice.create(root.resolve("device"), "v0.2.0");
        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.rootArg(),
                "--server",
                "http://127.0.0.1:9/",
                "--maintenance-window",
                "25:00-26:00");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("maintenance window '25:00-26:00' is not HH:MM-HH:MM");
    }

    @Test
    void aMissingDeviceRootFailsEveryDeviceCommandAndCreatesNothing(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-device");
        for (String command : new String[] {"status", "metrics", "activate", "rollback", "healthcheck"}) {
            CommandRun run = CommandRun.of(command, "--root", missing.toString());
            assertThat(run.exitCode()).as(command + ": " + run).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err())
                    .as(command)
                    .isEqualTo("kubesolo-update: device root " + missing
                            + " does not exist or is not a directory (a simulated device is made with"
                            + " 'kubesolo-update simulate init --root DIR')\n");
            assertThat(missing).as(command).doesNotExist();
        }
    }
}
