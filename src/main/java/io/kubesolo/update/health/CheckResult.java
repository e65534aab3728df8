package io.kubesolo.update.health;

import io.kubesolo.update.UpdateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one health check: its name, whether it passed, failed or was skipped, one line
 * saying why, and how long it took.
 */
public record CheckResult(String name, Status status, String detail, Duration took) {

    /** Whether a check passed. Only {@link #FAILED} makes a report unhealthy. */
    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }

    /** What a check found, before it is stamped with its name and duration. */
    public record Verdict(Status status, String detail) {

        public static Verdict passed(String detail) {
            return new Verdict(Status.PASSED, detail);
        }

        public static Verdict failed(String detail) {
            return new Verdict(Status.FAILED, detail);
        }
    }

    /** The work of a check; failures it does not expect to classify itself may be thrown. */
    @FunctionalInterface
    public interface Probe {
        Verdict probe() throws IOException, InterruptedException;
    }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    public static CheckResult skipped(String name, String detail) {
        return new CheckResult(name, Status.SKIPPED, detail, Duration.ZERO);
    }

    public static CheckResult failed(String name, String detail, Duration took) {
        return new CheckResult(name, Status.FAILED, detail, took);
    }

    /**
     * Runs {@code probe} and times it. An I/O failure or an {@link UpdateException} becomes a FAILED
     * result carrying its message, so every check reports the same way; any other exception is a
     * bug and propagates.
     */
    public static CheckResult measure(String name, Probe probe) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = probe.probe();
        } catch (IOException e) {
            verdict = Verdict.failed(describe(e));
        } catch (UncheckedIOException e) {
            verdict = Verdict.failed(describe(e.getCause()));
        } catch (UpdateException e) {
            verdict = Verdict.failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = Verdict.failed("interrupted");
        }
        return new CheckResult(name, verdict.status(), verdict.detail(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** I/O exceptions from the JDK often carry a bare path or no message at all. */
    static String describe(IOException e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
