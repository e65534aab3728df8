package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What keeps the device's commands starting fast (docs/performance.md), checked on the packaged
 * program ({@code bin/kubesolo-update} on the jlink runtime and the CDS archive of {@code mvn
 * package}), in the class-load log of each run:
 *
 * <ul>
 *   <li>no class is read from the jar: every one the training runs load is in the archive;
 *   <li>the commands a device runs all the time generate no annotation proxy (a class in a
 *       dynamic module, which the archive cannot hold): their picocli model is written in code.
 * </ul>
 */
class ArchivedClassesIT {

    private static final Path PROGRAM = Path.of("bin/kubesolo-update").toAbsolutePath();

    @TempDir
    static Path temp;

    private static Path device;

    @BeforeAll
    static void simulatedDevice() {
        assertThat(Path.of("target/kubesolo-update.jsa"))
                .as("run after 'mvn package' without -Dexec.skip: it makes the runtime and the archive")
                .exists();
        device = temp.resolve("device");
        succeeds(CommandRun.of("simulate", "init", "--root", device.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "status --json", "metrics", "healthcheck"})
    void aShortCommandLoadsEveryClassFromTheArchiveAndReadsNoAnnotation(String command) throws Exception {
        List<String> outside = classesOutsideTheArchive(command.split(" "));

        assertThat(outside).as("classes read from the jar").noneMatch(line -> line.contains("kubesolo-update.jar"));
        assertThat(outside).as("annotation proxies").noneMatch(line -> line.contains("__dynamic_proxy__"));
    }

    @Test
    void applyLoadsNoClassFromTheJar() throws Exception {
        // A release on the device's USB stick, as an OCI layout (paths resolve under --root).
        succeeds(CommandRun.of(
                "push",
                "--registry",
                "oci-layout:" + device.resolve("media/usb/release"),
                "--kernel",
                write("vmlinuz"),
                "--initramfs",
                write("kubesolo-os.gz"),
                "--version",
                "v0.3.0",
                "--architecture",
                System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64",
                "--channel",
                "stable",
                "--tag",
                "stable"));

        List<String> outside = classesOutsideTheArchive(
                "apply", "--registry", "oci-layout:/media/usb/release", "--tag", "stable", "--channel", "stable");

        assertThat(outside).as("classes read from the jar").noneMatch(line -> line.contains("kubesolo-update.jar"));
    }

    /** Runs {@code bin/kubesolo-update ARGS --root DEVICE}; returns the class-load lines of classes not from the archive. */
    private static List<String> classesOutsideTheArchive(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "class-load", ".log");
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--root", device.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("output.txt").toFile());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        assertThat(process.exitValue())
                .as("%s: %s", command, Files.readString(temp.resolve("output.txt")))
                .isIn(0, 5);
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.endsWith("source: shared objects file"))
                    .toList();
        }
    }

    private static void succeeds(CommandRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private static String write(String name) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, name.getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }
}
