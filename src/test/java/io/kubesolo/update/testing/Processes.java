package io.kubesolo.update.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tools tests compare against (grub-editenv, openssl, sha256sum). */
public final class Processes {

    private Processes() {
    }

    /** Runs {@code command} and returns its standard output; fails the test on a non-zero exit. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    public static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish in 30 s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            process.destroyForcibly();
        }
    }
}
