package io.kubesolo.update.slot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a system command ({@code mount}, {@code umount}, ...) to completion within a time limit and
 * collects what it printed. The command runs with {@code LC_ALL=C}, so its messages are the ones
 * operators search for. Output beyond {@value #MAX_OUTPUT_BYTES} bytes per stream is read and
 * dropped: these tools print a few lines, and a runaway one must not fill the heap.
 *
 * <p>A command that cannot be started, or does not finish in time (it is then killed), is a
 * {@link SlotException}; a command that ran and exited non-zero is a {@link Result} the caller
 * judges, or a {@link SlotException} from {@link #runOrFail}.
 */
public final class ProcessRunner {

    static final int MAX_OUTPUT_BYTES = 64 * 1024;

    /** How much of a command's stderr goes into a one-line error message. */
    private static final int MAX_MESSAGE_CHARS = 300;

    /** How long to keep reading output after the command has exited. */
    private static final long DRAIN_GRACE_MILLIS = 2000;

    /** What a command did: its exit status and output, stdout and stderr apart. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** One line: "`mount ...` failed (exit 32): mount: ...: wrong fs type". */
        public String describeFailure() {
            String said = oneLine(stderr.isBlank() ? stdout : stderr);
            return "`" + String.join(" ", command) + "` failed (exit " + exitCode + ")"
                    + (said.isEmpty() ? "" : ": " + said);
        }
    }

    /** Runs {@code command}, killing it when it has not finished within {@code timeout}. */
    public Result run(Duration timeout, List<String> command) {
        String shown = "`" + String.join(" ", command) + "`";
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SlotException("cannot run " + shown + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            OutputCollector stdout = OutputCollector.start(process.getInputStream());
            OutputCollector stderr = OutputCollector.start(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new SlotException(shown + " did not finish within " + describe(timeout) + " and was killed");
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.text(), stderr.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SlotException("interrupted while waiting for " + shown, e);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new SlotException("cannot talk to " + shown + ": " + e.getMessage(), e);
        }
    }

    public Result run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    /** Runs {@code command} and returns its stdout; a non-zero exit is a {@link SlotException}. */
    public String runOrFail(Duration timeout, String... command) {
        Result result = run(timeout, command);
        if (!result.succeeded()) {
            throw new SlotException(result.describeFailure());
        }
        return result.stdout();
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Collapses a tool's multi-line message into one line of bounded length. */
    static String oneLine(String text) {
        String joined = String.join(
                "; ",
                text.strip()
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList());
        return joined.length() <= MAX_MESSAGE_CHARS ? joined : joined.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    /** Drains one output stream on its own thread so a chatty command never blocks on a full pipe. */
    private static final class OutputCollector {

        private final Thread thread;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private IOException failure;

        private OutputCollector(InputStream stream) {
            this.thread = new Thread(() -> drain(stream), "process-output");
            this.thread.setDaemon(true);
        }

        static OutputCollector start(InputStream stream) {
            OutputCollector collector = new OutputCollector(stream);
            collector.thread.start();
            return collector;
        }

        private void drain(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) != -1) {
                    synchronized (kept) {
                        kept.write(buffer, 0, Math.min(read, Math.max(0, MAX_OUTPUT_BYTES - kept.size())));
                    }
                }
            } catch (IOException e) {
                synchronized (kept) {
                    failure = e;
                }
            }
        }

        /**
         * Waits for the stream to end and returns its text. The process has exited, but a child it
         * left running may still hold the pipe open: then what arrived within a grace period counts.
         */
        String text() throws InterruptedException, IOException {
            thread.join(DRAIN_GRACE_MILLIS);
            synchronized (kept) {
                if (failure != null) {
                    throw failure;
                }
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
