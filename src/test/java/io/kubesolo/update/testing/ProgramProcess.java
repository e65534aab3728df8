package io.kubesolo.update.testing;

import io.kubesolo.update.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The program as a separate process (the test class path, {@link Main} as the main class), for
 * what an in-process run cannot show: a long-running command stopped by a real SIGTERM. Closing
 * it kills the process if it is still running.
 */
public final class ProgramProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader stderr;

    private ProgramProcess(Process process) {
        this.process = process;
        this.stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    }

    public static ProgramProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProgramProcess(new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    /** The next line the program prints on stderr, or null when it closed stderr (exited). */
    public String nextErrorLine() throws IOException {
        return stderr.readLine();
    }

    /** Sends SIGTERM, as systemd and the kubelet stop a service, and waits for the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 30 s after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        stderr.close();
    }
}
