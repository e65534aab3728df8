package io.kubesolo.update.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real tools tests compare against (grub-editenv, openssl, sha256sum, promtool), time-bounded. */
public final class Processes {

    private static final long TIMEOUT_SECONDS = 120;

    private Processes() {}

    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code command} and returns its standard output; fails the test on a non-zero exit. */
    public static String output(List<String> command) throws IOException, InterruptedException {
        return output(command, null);
    }

    public static String output(List<String> command, Path directory) throws IOException, InterruptedException {
        Result result = run(command, directory, null);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    command + " exited " + result.exitCode() + ": " + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    /** Runs {@code command} and returns what it printed and its exit status. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null, null);
    }

    /** Runs {@code command} with {@code stdin} (may be null) and returns what it printed and its exit status. */
    public static Result run(List<String> command, Path directory, byte[] stdin)
            throws IOException, InterruptedException {
        return run(command, Map.of(), directory, stdin);
    }

    /** Runs {@code command} with {@code environment} added to this process's environment. */
    public static Result run(List<String> command, Map<String, String> environment, Path directory, byte[] stdin)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Path out = Files.createTempFile("process", ".out");
        Path err = Files.createTempFile("process", ".err");
        Process process = null;
        try {
            process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
