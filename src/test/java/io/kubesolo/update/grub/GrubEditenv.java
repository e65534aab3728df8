package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code /usr/bin/grub-editenv} (Debian grub-common). Missing, it fails the test. */
final class GrubEditenv {

    static final Path PROGRAM = Path.of("/usr/bin/grub-editenv");

    /** What one run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {}

    private GrubEditenv() {}

    /** Runs {@code grub-editenv file args...} and expects it to succeed; returns its stdout. */
    static String ok(Path file, String... args) throws IOException, InterruptedException {
        Result result = run(file, args);
        assertThat(result.exitCode())
                .as("grub-editenv %s %s: %s", file, List.of(args), result.stderr())
                .isZero();
        return result.stdout();
    }

    /**
     * Runs {@code grub-editenv file args...}. The command goes through a UTF-8 shell script rather
     * than the JVM's argument encoding, which depends on the locale the tests happen to run in.
     */
    static Result run(Path file, String... args) throws IOException, InterruptedException {
        assertThat(PROGRAM)
                .as("grub-editenv from grub-common must be installed")
                .isExecutable();
        StringBuilder script = new StringBuilder("exec ")
                .append(quoted(PROGRAM.toString()))
                .append(' ')
                .append(quoted(file.toString()));
        for (String arg : args) {
            script.append(' ').append(quoted(arg));
        }
        Path scriptFile = Files.createTempFile("grub-editenv", ".sh");
        Path stdout = Files.createTempFile("grub-editenv", ".out");
        Path stderr = Files.createTempFile("grub-editenv", ".err");
        try {
            Files.writeString(scriptFile, script.append('\n'), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("/bin/sh", scriptFile.toString())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("grub-editenv " + file + " " + List.of(args) + " did not finish in 30 s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(scriptFile);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** {@code text} as one shell word: single-quoted, with each quote closed, escaped and reopened. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
