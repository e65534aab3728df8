package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.cli.Main;
import io.kubesolo.update.policy.MaintenanceWindow;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units in packaging/systemd, as shipped: {@code systemd-analyze verify} (systemd's own
 * unit loader) on a root holding them, the system's standard units and stand-ins for the programs
 * they run; and every kubesolo-update command line in them is one the program accepts.
 */
@Tag("system")
@Timeout(120)
class SystemdUnitsTest {

    private static final Path UNITS = Path.of("packaging/systemd");

    @TempDir
    static Path root;

    @BeforeAll
    static void buildRoot() throws Exception {
        // systemd-analyze --root resolves dependencies (sysinit.target, network-online.target, ...)
        // and executables inside the root.
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Processes.Result copy = Processes.run(List.of(
                "cp",
                "-a",
                "/usr/lib/systemd/system",
                root.resolve("usr/lib/systemd").toString()));
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        for (String program : List.of(ProgramArguments.PROGRAM, "/bin/sleep", "/usr/lib/kubesolo-update/first-boot")) {
            Path file = root.resolve(program.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createDirectories(root.resolve("etc/systemd/system"));
    }

    private static List<Path> shippedUnits() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            return files.sorted().toList();
        }
    }

    private static Processes.Result verify(List<Path> units) throws Exception {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        for (Path unit : units) {
            Files.copy(
                    unit,
                    root.resolve("etc/systemd/system").resolve(unit.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            command.add(unit.getFileName().toString());
        }
        return Processes.run(command);
    }

    /** The unit file's {@code key=value} lines by section; repeated keys keep every value. */
    private static Map<String, List<String>> directives(String unit) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(UNITS.resolve(unit))) {
            String text = line.strip();
            if (text.startsWith("[")) {
                section = text.substring(1, text.length() - 1);
            } else if (!text.isEmpty() && !text.startsWith("#")) {
                int equals = text.indexOf('=');
                values.computeIfAbsent(section + "." + text.substring(0, equals), key -> new ArrayList<>())
                        .add(text.substring(equals + 1));
            }
        }
        return values;
    }

    @Test
    void systemdLoadsEveryUnitWithoutAComplaint() throws Exception {
        List<Path> units = shippedUnits();
        assertThat(units)
                .extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "kubesolo-update.service",
                        "kubesolo-update.timer",
                        "kubesolo-update-cloud-init.service",
                        "kubesolo-update-healthcheck.service",
                        "kubesolo-update-metrics.service");
        Processes.Result result = verify(units);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout() + result.stderr()).isEmpty();
    }

    @Test
    void verifyWouldCatchAMistake() throws Exception {
        Path broken = root.resolve("kubesolo-update-broken.service");
        Files.writeString(
                broken,
                Files.readString(UNITS.resolve("kubesolo-update.service"))
                        .replace("TimeoutStartSec=8h", "TimeoutStartSec=8 hours please"));
        Processes.Result result = verify(List.of(broken));
        assertThat(result.stdout() + result.stderr()).contains("TimeoutStartSec");
    }

    @Test
    void everyCommandLineIsOneTheProgramAccepts() throws Exception {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (Path unit : shippedUnits()) {
            directives(unit.getFileName().toString()).forEach((key, values) -> {
                if (key.startsWith("Service.Exec")) {
                    values.stream()
                            .filter(value -> value.startsWith(ProgramArguments.PROGRAM))
                            .forEach(value ->
                                    commands.put(unit.getFileName() + " " + key, Arrays.asList(value.split(" +"))));
                }
            });
        }
        assertThat(commands).hasSize(3);
        assertThat(ProgramArguments.assertRunnable(
                        commands.get("kubesolo-update-healthcheck.service Service.ExecStart")))
                .isEqualTo("healthcheck");
        assertThat(ProgramArguments.assertRunnable(commands.get("kubesolo-update-metrics.service Service.ExecStart")))
                .isEqualTo("metrics");
        assertThat(ProgramArguments.assertRunnable(commands.get("kubesolo-update.service Service.ExecStart")))
                .isEqualTo("apply");
    }

    @Test
    void applyIsAOneshotOnATimerEverySixHoursSpreadOverTheFleet() throws IOException {
        Map<String, List<String>> service = directives("kubesolo-update.service");
        assertThat(service.get("Service.Type")).containsExactly("oneshot");
        assertThat(service.get("Service.ExecStart"))
                .containsExactly("/usr/bin/kubesolo-update apply --wait-for-window 6h");
        Map<String, List<String>> timer = directives("kubesolo-update.timer");
        assertThat(timer.get("Timer.OnCalendar")).containsExactly("*-*-* 00/6:00:00");
        assertThat(timer.get("Timer.RandomizedDelaySec")).containsExactly("6h");
        assertThat(timer.get("Timer.Persistent")).containsExactly("true");
    }

    /**
     * #12 item 1: every machine of a fleet, whatever offset RandomizedDelaySec gave it, updates
     * inside a 3-hour maintenance window on a simulated day; without waiting about half never did.
     */
    @Test
    void everyTimerOffsetReachesTheMaintenanceWindowWithinADay() throws IOException {
        List<String> execStart = Arrays.asList(directives("kubesolo-update.service")
                .get("Service.ExecStart")
                .get(0)
                .split(" "));
        Duration wait = Main.commandLine()
                .parseArgs(execStart.subList(1, execStart.size()).toArray(String[]::new))
                .subcommand()
                .matchedOptionValue("--wait-for-window", null);
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-05:00");
        int missedWithoutWaiting = 0;
        for (int offsetMinutes = 0; offsetMinutes < 6 * 60; offsetMinutes += 7) {
            List<Duration> runs = new ArrayList<>();
            for (int hour = 0; hour < 24; hour += 6) {
                runs.add(Duration.ofHours(hour).plusMinutes(offsetMinutes));
            }
            assertThat(ScheduledDay.admittedRuns(runs, window, wait))
                    .as("offset %d min", offsetMinutes)
                    .isNotEmpty();
            missedWithoutWaiting +=
                    ScheduledDay.admittedRuns(runs, window, null).isEmpty() ? 1 : 0;
        }
        assertThat(missedWithoutWaiting)
                .as("offsets that never meet the window without waiting")
                .isPositive();
        assertThat(directives("kubesolo-update.service").get("Service.TimeoutStartSec"))
                .containsExactly("8h");
    }

    @Test
    void healthcheckRunsAfterKubesoloAndRetriesABoundedNumberOfTimes() throws IOException {
        Map<String, List<String>> unit = directives("kubesolo-update-healthcheck.service");
        assertThat(unit.get("Unit.After").get(0).split(" ")).contains("kubesolo.service");
        assertThat(unit.get("Service.ExecStart"))
                .containsExactly("/usr/bin/kubesolo-update healthcheck --auto-rollback-after 3");
        assertThat(unit.get("Service.Restart")).containsExactly("on-failure");
        assertThat(unit.get("Unit.StartLimitBurst")).containsExactly("12");
        assertThat(unit.get("Service.ReadWritePaths").get(0).split(" ")).contains("/boot/grub", "/var/lib/kubesolo");
        assertThat(unit.get("Install.WantedBy")).containsExactly("multi-user.target");
    }

    /** #12 item 11: cloud-init once, before the agent's other units, skipped once the hook's stamp exists (FirstBootIT). */
    @Test
    void cloudInitRunsOnceAtFirstBootBeforeTheAgent() throws IOException {
        Map<String, List<String>> unit = directives("kubesolo-update-cloud-init.service");
        assertThat(unit.get("Service.Type")).containsExactly("oneshot");
        assertThat(unit.get("Service.ExecStart")).containsExactly("/usr/lib/kubesolo-update/first-boot");
        assertThat(unit.get("Unit.ConditionPathExists")).containsExactly("!/var/lib/kubesolo/update/first-boot.done");
        assertThat(unit.get("Unit.Before").get(0).split(" "))
                .contains("kubesolo-update.service", "kubesolo-update-healthcheck.service");
        assertThat(unit.get("Service.ConfigurationDirectory"))
                .as("update.conf's directory is writable and created")
                .containsExactly("kubesolo");
        assertThat(unit.get("Install.WantedBy")).containsExactly("multi-user.target");
    }

    @Test
    void metricsStopCleanlyOnSigterm() throws IOException {
        Map<String, List<String>> unit = directives("kubesolo-update-metrics.service");
        assertThat(unit.get("Service.SuccessExitStatus")).containsExactly("143");
    }
}
