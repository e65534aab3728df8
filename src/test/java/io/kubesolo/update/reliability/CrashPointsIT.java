package io.kubesolo.update.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.reliability.DeviceInvariants.Snapshot;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.LatestJsonFields;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at every write. {@code apply}, {@code activate}, {@code healthcheck} and
 * {@code rollback} run as real processes ({@code bin/kubesolo-update} on the packaged jar) on a
 * simulated device. A first run of each lists the crash points it passes
 * ({@link CrashPoints#TRACE}); then, for each of them, a fresh copy of the device runs the command
 * again and dies there ({@link CrashPoints#CRASH_AT}, {@code Runtime.halt}: no finally block, no
 * shutdown hook), the device invariants are checked ({@link DeviceInvariants}), the same command
 * runs again and must complete, and the invariants are checked once more. Separately, {@code apply}
 * is {@code kill -9}ed at chosen byte offsets while a file streams.
 *
 * <p>Every violation is collected, not just the first; the counts go to
 * {@code target/reliability/crash-points.txt} for docs/reliability.md.
 */
@Tag("system")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CrashPointsIT {

    private static final Path PROGRAM = Path.of("bin/kubesolo-update").toAbsolutePath();
    private static final String OLD = "v0.1.0";
    private static final String RUNNING = "v0.2.0";
    private static final String NEW = "v0.3.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static final byte[] KERNEL = randomBytes(2 * 1024 * 1024 + 123, 1);
    private static final byte[] INITRAMFS = randomBytes(3 * 1024 * 1024 + 45, 2);
    private static PythonHttpServer server;
    private static DeviceInvariants invariants;
    private static Path staged;
    private static Path activated;
    private static Path booted;
    private static Path confirmed;
    private static Path beforeApply;
    private static final Map<String, Integer> killPoints = new LinkedHashMap<>();
    private static final List<String> allViolations = new ArrayList<>();

    @BeforeAll
    static void prepareReleaseAndDevices() throws Exception {
        assertThat(PROGRAM)
                .as("run after 'mvn package': the harness runs the packaged program")
                .exists();
        Path release = Files.createDirectories(temp.resolve("release"));
        Files.write(release.resolve("vmlinuz"), KERNEL);
        Files.write(release.resolve("kubesolo-os.gz"), INITRAMFS);
        Files.write(release.resolve("latest.json"), latestJson());
        server = PythonHttpServer.serve(release);

        Map<String, Map<String, String>> releases = new HashMap<>();
        releases.put(OLD, simulatedRelease(OLD));
        releases.put(RUNNING, simulatedRelease(RUNNING));
        releases.put(
                NEW,
                Map.of(
                        "vmlinuz",
                        Digest.of(KERNEL).hex(),
                        "kubesolo-os.gz",
                        Digest.of(INITRAMFS).hex()));
        invariants = new DeviceInvariants(releases);

        // The device at each step of an update, built in-process; the harness copies one per run.
        beforeApply = temp.resolve("template-before-apply");
        inProcess("simulate", "init", "--root", beforeApply.toString(), "--version", RUNNING);
        writeSimulatedSlot(beforeApply.resolve("slots/B"), OLD);
        staged = copyOf(beforeApply, "template-staged");
        inProcess("apply", "--root", staged.toString(), "--server", server.url());
        activated = copyOf(staged, "template-activated");
        inProcess("activate", "--root", activated.toString());
        booted = copyOf(activated, "template-booted");
        inProcess("simulate", "boot", "--root", booted.toString());
        confirmed = copyOf(booted, "template-confirmed");
        inProcess("healthcheck", "--root", confirmed.toString());
    }

    @AfterAll
    static void report() throws IOException {
        if (server != null) {
            server.close();
        }
        int total = killPoints.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text = new StringBuilder();
        killPoints.forEach((scenario, count) ->
                text.append(scenario).append(": ").append(count).append(" kill points\n"));
        text.append("total: ")
                .append(total)
                .append(" kill points, ")
                .append(allViolations.size())
                .append(" violations\n");
        allViolations.forEach(
                violation -> text.append("violation: ").append(violation).append('\n'));
        Path out = Files.createDirectories(Path.of("target/reliability")).resolve("crash-points.txt");
        Files.writeString(out, text.toString());
        System.out.print(text);
    }

    @Test
    void applyKilledAtEveryWrite() throws Exception {
        killAtEveryPoint(
                "apply",
                beforeApply,
                List.of("apply", "--server", server.url()),
                (device, violations) -> {
                    expectPhase(device, Phase.STAGED, violations);
                    if (!invariants.holds(device, SlotName.B).equals(java.util.Optional.of(NEW))) {
                        violations.add("slot B does not hold " + NEW + " after the rerun");
                    }
                },
                true);
    }

    @Test
    void activateKilledAtEveryWrite() throws Exception {
        killAtEveryPoint(
                "activate",
                staged,
                List.of("activate"),
                (device, violations) -> {
                    expectPhase(device, Phase.ACTIVATED, violations);
                    expectBoot(device, new BootState(SlotName.B, 3, false), violations);
                },
                false);
    }

    @Test
    void healthcheckKilledAtEveryWrite() throws Exception {
        killAtEveryPoint(
                "healthcheck",
                booted,
                List.of("healthcheck"),
                (device, violations) -> {
                    expectPhase(device, Phase.SUCCESS, violations);
                    expectBoot(device, new BootState(SlotName.B, 3, true), violations);
                },
                false);
    }

    @Test
    void healthcheckRollingBackKilledAtEveryWrite() throws Exception {
        killAtEveryPoint(
                "healthcheck --auto-rollback-after 1",
                booted,
                List.of("healthcheck", "--healthcheck-url", "http://127.0.0.1:1/healthz", "--auto-rollback-after", "1"),
                5,
                (device, violations) -> {
                    expectPhase(device, Phase.ROLLED_BACK, violations);
                    expectBoot(device, new BootState(SlotName.A, 3, true), violations);
                },
                false);
    }

    @Test
    void rollbackKilledAtEveryWrite() throws Exception {
        killAtEveryPoint(
                "rollback",
                confirmed,
                List.of("rollback"),
                (device, violations) -> {
                    expectPhase(device, Phase.ROLLED_BACK, violations);
                    expectBoot(device, new BootState(SlotName.A, 3, true), violations);
                },
                false);
    }

    /** kill -9 while a file streams, at byte offsets of the kernel and of the initramfs. */
    @Test
    void applyKilledWhileAFileStreams() throws Exception {
        List<String> violations = new ArrayList<>();
        int kernelSize = KERNEL.length;
        List<Object[]> cuts = List.of(
                new Object[] {"/vmlinuz", 0},
                new Object[] {"/vmlinuz", 1},
                new Object[] {"/vmlinuz", 128 * 1024},
                new Object[] {"/vmlinuz", kernelSize / 2},
                new Object[] {"/vmlinuz", kernelSize - 1},
                new Object[] {"/kubesolo-os.gz", INITRAMFS.length / 2});
        for (Object[] cut : cuts) {
            String path = (String) cut[0];
            int offset = (Integer) cut[1];
            String label = "kill -9 at byte " + offset + " of " + path.substring(1);
            Path device = copyOf(beforeApply, "streaming-" + path.substring(1) + "-" + offset);
            Snapshot before = Snapshot.of(device);
            try (FaultServer stalling = new FaultServer()) {
                CountDownLatch killed = new CountDownLatch(1);
                stalling.serve("/latest.json", latestJson())
                        .serve("/vmlinuz", KERNEL)
                        .serve("/kubesolo-os.gz", INITRAMFS);
                stalling.on(path, stallAfter(path.equals("/vmlinuz") ? KERNEL : INITRAMFS, offset, killed));
                Process agent = new ProcessBuilder(
                                PROGRAM.toString(), "apply", "--root", device.toString(), "--server", stalling.url())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try {
                    awaitPartialFile(
                            device.resolve("slots/B").resolve("." + path.substring(1) + ".tmp"), offset, agent);
                    agent.destroyForcibly();
                    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    agent.destroyForcibly();
                    killed.countDown();
                }
                check(label, device, before, true, violations);
                stalling.serve(path, path.equals("/vmlinuz") ? KERNEL : INITRAMFS);
                Processes.Result rerun =
                        agent(List.of("apply", "--root", device.toString(), "--server", stalling.url()), Map.of());
                afterRerun(label, device, before, true, rerun, 0, violations, (d, v) -> {
                    expectPhase(d, Phase.STAGED, v);
                    if (!invariants.holds(d, SlotName.B).equals(java.util.Optional.of(NEW))) {
                        v.add("slot B does not hold " + NEW + " after the rerun");
                    }
                });
            }
            killPoints.merge("apply, kill -9 while streaming", 1, Integer::sum);
            deleteTree(device);
        }
        record(violations);
    }

    // --- the harness ------------------------------------------------------------------------------

    private void killAtEveryPoint(
            String scenario,
            Path template,
            List<String> command,
            BiConsumer<Path, List<String>> completed,
            boolean grubenvUntouched)
            throws Exception {
        killAtEveryPoint(scenario, template, command, 0, completed, grubenvUntouched);
    }

    /** @param exitCode what an uninterrupted run, and so the rerun, exits with */
    private void killAtEveryPoint(
            String scenario,
            Path template,
            List<String> command,
            int exitCode,
            BiConsumer<Path, List<String>> completed,
            boolean grubenvUntouched)
            throws Exception {
        List<String> points = trace(template, command, exitCode);
        assertThat(points).as("crash points passed by " + scenario).isNotEmpty();
        List<String> violations = new ArrayList<>();
        for (String point : points) {
            Path device = copyOf(template, scenario.replaceAll("[^a-z0-9-]", "") + "-" + point.replace('#', '-'));
            Snapshot before = Snapshot.of(device);
            Processes.Result killed = agent(withRoot(command, device), Map.of(CrashPoints.CRASH_AT, point));
            if (killed.exitCode() != CrashPoints.HALT_STATUS) {
                violations.add(scenario + " at " + point + ": did not die there (exit " + killed.exitCode() + ": "
                        + killed.stderr().strip() + ")");
            }
            check(scenario + " killed at " + point, device, before, grubenvUntouched, violations);
            Processes.Result rerun = agent(withRoot(command, device), Map.of());
            afterRerun(
                    scenario + " killed at " + point,
                    device,
                    before,
                    grubenvUntouched,
                    rerun,
                    exitCode,
                    violations,
                    completed);
            killPoints.merge(scenario, 1, Integer::sum);
            deleteTree(device);
        }
        record(violations);
    }

    /** The crash points one uninterrupted run passes, as {@code name#occurrence}, in order. */
    private List<String> trace(Path template, List<String> command, int exitCode) throws Exception {
        Path device = copyOf(template, "trace-" + String.join("-", command).replaceAll("[^a-z0-9-]", ""));
        Path trace = temp.resolve("trace-" + String.join("-", command).replaceAll("[^a-z0-9-]", "") + ".txt");
        Processes.Result run = agent(withRoot(command, device), Map.of(CrashPoints.TRACE, trace.toString()));
        assertThat(run.exitCode())
                .as(command + " without a crash: " + run.stderr())
                .isEqualTo(exitCode);
        Map<String, Integer> seen = new HashMap<>();
        List<String> points = new ArrayList<>();
        for (String name : Files.readAllLines(trace)) {
            points.add(name + "#" + seen.merge(name, 1, Integer::sum));
        }
        deleteTree(device);
        return points;
    }

    private static void check(
            String label, Path device, Snapshot before, boolean grubenvUntouched, List<String> violations) {
        invariants.check(device, before).forEach(violation -> violations.add(label + ": " + violation));
        if (grubenvUntouched && !before.grubenvUnchanged(device)) {
            violations.add(label + ": the GRUB environment changed");
        }
    }

    private static void afterRerun(
            String label,
            Path device,
            Snapshot before,
            boolean grubenvUntouched,
            Processes.Result rerun,
            int exitCode,
            List<String> violations,
            BiConsumer<Path, List<String>> completed) {
        String context = label + ", then run again";
        if (rerun.exitCode() != exitCode) {
            violations.add(context + ": exit " + rerun.exitCode() + ": "
                    + rerun.stderr().strip());
            return;
        }
        check(context, device, before, grubenvUntouched, violations);
        List<String> incomplete = new ArrayList<>();
        completed.accept(device, incomplete);
        incomplete.forEach(violation -> violations.add(context + ": " + violation));
        leftovers(device).forEach(file -> violations.add(context + ": left behind " + device.relativize(file)));
    }

    /** Temporary files (dot files) a completed run should not leave in the slots, the state directory or /boot/grub. */
    private static List<Path> leftovers(Path device) {
        List<Path> found = new ArrayList<>();
        for (String directory : List.of("slots/A", "slots/B", "var/lib/kubesolo/update", "boot/grub")) {
            try (Stream<Path> files = Files.list(device.resolve(directory))) {
                files.filter(file -> file.getFileName().toString().startsWith("."))
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    private static synchronized void record(List<String> violations) {
        allViolations.addAll(violations);
        assertThat(violations).as("invariant violations").isEmpty();
    }

    private static void expectPhase(Path device, Phase phase, List<String> violations) {
        UpdateState state = new StateStore(device.resolve("var/lib/kubesolo/update/state.json"), warning -> {}).read();
        if (state.phase() != phase) {
            violations.add("state.json says " + state.phase() + ", expected " + phase);
        }
    }

    private static void expectBoot(Path device, BootState expected, List<String> violations) {
        BootState boot = BootState.of(GrubEnv.parse(DeviceInvariants.read(DeviceInvariants.grubenvPath(device))));
        if (!boot.equals(expected)) {
            violations.add("GRUB environment is " + boot + ", expected " + expected);
        }
    }

    // --- processes, files, the release ------------------------------------------------------------

    private static Processes.Result agent(List<String> arguments, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PROGRAM.toString());
        command.addAll(arguments);
        return Processes.run(command, environment, null, null);
    }

    private static List<String> withRoot(List<String> command, Path device) {
        List<String> arguments = new ArrayList<>(command);
        arguments.add(1, "--root");
        arguments.add(2, device.toString());
        return arguments;
    }

    private static void inProcess(String... arguments) {
        CommandRun run = CommandRun.of(arguments);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    /** Serves the first {@code offset} bytes of {@code body}, then holds the connection until {@code killed}. */
    private static FaultServer.Response stallAfter(byte[] body, int offset, CountDownLatch killed) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, offset);
            out.flush();
            try {
                killed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Waits until the agent has written {@code offset} bytes of the temporary file (it exists, for 0). */
    private static void awaitPartialFile(Path temporary, int offset, Process agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(temporary) && Files.size(temporary) >= offset) {
                assertThat(Files.size(temporary)).isEqualTo(offset);
                return;
            }
            if (!agent.isAlive()) {
                throw new AssertionError(
                        "apply exited " + agent.exitValue() + " before writing " + offset + " bytes of " + temporary);
            }
            Thread.sleep(5);
        }
        throw new AssertionError(temporary + " did not reach " + offset + " bytes within 60 s");
    }

    private static byte[] latestJson() throws IOException {
        Map<String, Object> release = LatestJsonFields.of(NEW, KERNEL, INITRAMFS);
        return JSON.writeValueAsBytes(release);
    }

    /** What {@code simulate init} writes into a slot for {@code version}, by file name and SHA-256. */
    private static Map<String, String> simulatedRelease(String version) {
        return Map.of(
                "vmlinuz",
                Digest.of(("simulated kernel " + version + "\n").getBytes(StandardCharsets.UTF_8))
                        .hex(),
                "kubesolo-os.gz",
                Digest.of(("simulated initramfs " + version + "\n").getBytes(StandardCharsets.UTF_8))
                        .hex());
    }

    private static void writeSimulatedSlot(Path slot, String version) throws IOException {
        Files.createDirectories(slot);
        Files.writeString(slot.resolve("vmlinuz"), "simulated kernel " + version + "\n");
        Files.writeString(slot.resolve("kubesolo-os.gz"), "simulated initramfs " + version + "\n");
        Files.writeString(slot.resolve("version"), version + "\n");
    }

    private static Path copyOf(Path template, String name) throws IOException {
        Path target = temp.resolve(name);
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
