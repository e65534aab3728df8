package io.kubesolo.update.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real program for a test, with a time bound, and returns what it printed. */
public final class Processes {

    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null, null);
    }

    public static Result run(List<String> command, Path workingDirectory, byte[] stdin)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Path out = java.nio.file.Files.createTempFile("proc", ".out");
        Path err = java.nio.file.Files.createTempFile("proc", ".err");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after 120 s: " + command);
            }
            return new Result(process.exitValue(),
                    java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }
}
