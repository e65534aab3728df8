package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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

    /** Main has picocli leave out its java.time and java.sql converters: every such option brings its own. */
    @Test
    void noOptionNeedsAConverterPicocliLeavesOut() {
        List<OptionSpec> options = new ArrayList<>();
        collectOptions(Main.commandLine(), options);
        assertThat(options).hasSizeGreaterThan(50);
        for (OptionSpec option : options) {
            if (option.type().getName().matches(Main.JAVA_TIME_AND_SQL)) {
                assertThat(option.converters()).as(option.longestName()).isNotEmpty();
            }
        }
        assertThat(options)
                .as("the check sees the java.time options")
                .anyMatch(option -> option.type().getName().equals("java.time.Duration"));
    }

    private static void collectOptions(CommandLine commandLine, List<OptionSpec> options) {
        options.addAll(commandLine.getCommandSpec().options());
        commandLine.getSubcommands().values().forEach(sub -> collectOptions(sub, options));
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

    /** check's and apply's models are written in code: their group and converters say what the annotations said. */
    @Test
    void checkAndApplyRefuseTwoSourcesAndABadDurationAsBefore() {
        for (String command : new String[] {"check", "apply"}) {
            CommandRun twoSources = CommandRun.of(command, "--server", "http://127.0.0.1:9/", "--registry", "r/x");
            assertThat(twoSources.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
            assertThat(twoSources.err())
                    .isEqualTo("kubesolo-update: Error: --server=URL and [[--registry=HOST/PATH] [--tag=TAG]] are"
                            + " mutually exclusive (specify only one)\n"
                            + "Try 'kubesolo-update " + command + " --help'.\n");

            CommandRun badDuration = CommandRun.of(command, "--retry-delay", "abc");
            assertThat(badDuration.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
            assertThat(badDuration.err())
                    .as(command)
                    .startsWith("kubesolo-update: Invalid value for option '--retry-delay': cannot convert 'abc' to"
                            + " Duration (java.lang.IllegalArgumentException: 'abc' is not a duration");
        }
        CommandRun badWait = CommandRun.of("apply", "--wait-for-window", "soon");
        assertThat(badWait.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badWait.err()).contains("'--wait-for-window': cannot convert 'soon' to Duration");
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
    void aZeroTimeoutIsAUsageErrorNotAWaitForEver(@TempDir Path root) {
        SimulatedDevice device = SimulatedDevice.create(root.resolve("device"), "v0.2.0");
        for (String flag : new String[] {"--connect-timeout", "--read-timeout", "--download-timeout"}) {
            CommandRun run =
                    CommandRun.of("check", "--root", device.rootArg(), "--server", "http://127.0.0.1:9/", flag, "0");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err())
                    .as(flag)
                    .startsWith("kubesolo-update: " + flag + " (update.conf: ")
                    .contains(") must be more than 0");
        }
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

    @Test
    void globalFlagsMayComeBeforeTheCommand(@TempDir Path temp) {
        SimulatedDevice device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        CommandRun after = CommandRun.of("status", "--json", "--root", device.rootArg());
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(CommandRun.of("--root", device.rootArg(), "--json", "status"))
                .isEqualTo(after);
        assertThat(CommandRun.of("--json", "--root=" + device.rootArg(), "status"))
                .isEqualTo(after);

        CommandRun boot = CommandRun.of("--root", device.rootArg(), "simulate", "boot");
        assertThat(boot.exitCode()).as(boot.toString()).isZero();

        // A value is never taken for the command: the root is a directory called "apply".
        CommandRun valueLikeACommand = CommandRun.of("--root", "apply", "status");
        assertThat(valueLikeACommand.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(valueLikeACommand.err()).startsWith("kubesolo-update: device root apply does not exist");

        // A command without the flag says so, as it does when the flag comes after it.
        CommandRun notThere = CommandRun.of("--root", device.rootArg(), "keygen", "--out-dir", temp.toString());
        assertThat(notThere.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notThere.err()).startsWith("kubesolo-update: Unknown options: '--root'");
    }

    @Test
    void globalFlagsMoveBehindTheCommandWithoutBuildingAnyModel() {
        assertThat(LeadingFlags.moveBehindCommand("--json", "--root", "/x", "check", "--server", "http://s"))
                .containsExactly("check", "--json", "--root", "/x", "--server", "http://s");
        assertThat(LeadingFlags.moveBehindCommand("--root", "/x", "simulate", "init", "--version", "v1"))
                .containsExactly("simulate", "init", "--root", "/x", "--version", "v1");
        assertThat(LeadingFlags.moveBehindCommand("--root", "status", "apply"))
                .containsExactly("apply", "--root", "status");
        assertThat(LeadingFlags.moveBehindCommand("--help", "status")).containsExactly("--help", "status");
        assertThat(LeadingFlags.moveBehindCommand("--frobnicate", "status")).containsExactly("--frobnicate", "status");
        assertThat(LeadingFlags.moveBehindCommand("--root")).containsExactly("--root");

        String[] args = LeadingFlags.moveBehindCommand("--quiet", "--conf", "/c", "apply");
        assertThat(Main.commandLine(args).getSubcommands().keySet()).containsExactly("apply");
    }

    @Test
    void everyGlobalFlagIsAnOptionOfSomeCommandTakingAValueOrNot() {
        Map<String, Boolean> takesValue = new HashMap<>();
        for (CommandLine command : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String name : option.names()) {
                    takesValue.put(name, option.arity().max() > 0);
                }
            }
        }
        LeadingFlags.WITH_VALUE.forEach(flag -> assertThat(takesValue).as(flag).containsEntry(flag, true));
        LeadingFlags.WITHOUT_VALUE.forEach(
                flag -> assertThat(takesValue).as(flag).containsEntry(flag, false));
    }
}
