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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What keeps the device's commands starting fast (docs/performance.md), checked on the packaged
 * program ({@code bin/kubesolo-update} on the jlink runtime and the CDS archive of {@code mvn
 * package}), in each run's class-load log and the JDK's report of the proxy classes it generates:
 *
 * <ul>
 *   <li>no class is read from the jar: every one the training runs load is in the archive;
 *   <li>no picocli annotation is read: the device commands' models are written in code. Reading
 *       an annotation generates a proxy class in a dynamic module, which the archive cannot hold;
 *       the short commands generate none at all.
 * </ul>
 */
class ArchivedClassesIT {

    private static final Path PROGRAM = Path.of("bin/kubesolo-update").toAbsolutePath();

    @TempDir
    static Path temp;

    private static Path device;

    @BeforeAll
    static void simulatedDeviceWithAReleaseOnItsUsbStick() throws IOException {
        assertThat(Path.of("target/kubesolo-update.jsa"))
                .as("run after 'mvn package' without -Dexec.skip: it makes the runtime and the archive")
                .exists();
        device = temp.resolve("device");
        succeeds(CommandRun.of("simulate", "init", "--root", device.toString()));
        // An OCI layout at /media/usb/release of the device (paths resolve under --root).
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
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "status --json", "metrics", "healthcheck"})
    void aShortCommandLoadsEveryClassFromTheArchiveAndGeneratesNoProxy(String command) throws Exception {
        Run run = run(command.split(" "));

        assertThat(run.fromTheJar()).as("classes read from the jar").isEmpty();
        assertThat(run.proxied()).as("interfaces proxied").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "apply"})
    void checkAndApplyLoadNoClassFromTheJarAndReadNoPicocliAnnotation(String command) throws Exception {
        Run run = run(command, "--registry", "oci-layout:/media/usb/release", "--tag", "stable", "--channel", "stable");

        assertThat(run.fromTheJar()).as("classes read from the jar").isEmpty();
        assertThat(run.proxied()).as("interfaces proxied").noneMatch(name -> name.startsWith("picocli."));
    }

    /** What one run loaded from outside the archive: class-load lines, and the interfaces of generated proxies. */
    private record Run(List<String> outsideTheArchive, List<String> proxied) {

        List<String> fromTheJar() {
            return outsideTheArchive.stream()
                    .filter(line -> line.contains("kubesolo-update.jar"))
                    .toList();
        }
    }

    /** Runs {@code bin/kubesolo-update ARGS --root DEVICE}, logging class loads and proxy classes. */
    private static Run run(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "class-load", ".log");
        Path output = Files.createTempFile(temp, "output", ".txt");
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--root", device.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // jdk.proxy.debug: each proxy class on stderr, "PROXY: NAME defined by LOADER", then a line
        // "   MODULE/INTERFACE ..." for each interface it implements.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log + " -Djdk.proxy.debug=debug");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        List<String> printed = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", command, printed).isIn(0, 5);
        List<String> proxied = new ArrayList<>();
        for (int i = 1; i < printed.size(); i++) {
            if (printed.get(i).startsWith("   ") && printed.get(i - 1).startsWith("PROXY: ")) {
                String line = printed.get(i).strip();
                proxied.add(line.substring(line.indexOf('/') + 1, line.indexOf(' ')));
            }
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return new Run(
                    lines.filter(line -> !line.endsWith("source: shared objects file"))
                            .toList(),
                    proxied);
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
