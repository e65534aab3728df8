package io.kubesolo.update.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs health checks one after the other, in the given order, each bounded by the same timeout. A
 * check that overruns is interrupted and reported FAILED "timed out after …"; the next one starts
 * on a fresh thread, so a check stuck in a call that ignores interrupts delays nothing. The threads
 * are daemons, so such a check cannot keep the program alive either.
 */
public final class HealthRunner {

    private final Duration timeout;

    public HealthRunner(Duration timeout) {
        this.timeout = timeout;
    }

    public HealthReport run(List<HealthCheck> checks) {
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        try {
            List<CheckResult> results = new ArrayList<>();
            for (HealthCheck check : checks) {
                results.add(runOne(executor, check));
            }
            return new HealthReport(results);
        } finally {
            executor.shutdownNow();
        }
    }

    private CheckResult runOne(ExecutorService executor, HealthCheck check) {
        Future<CheckResult> future = executor.submit(check::run);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return CheckResult.failed(check.name(), "timed out after " + describe(timeout), timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new HealthException("interrupted while running health check " + check.name(), e);
        } catch (ExecutionException e) {
            // CheckResult.measure turns every expected failure into a result; what arrives here is a bug.
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw (Error) e.getCause();
        }
    }

    /** {@code 10s}, {@code 1500ms}: how update.conf's healthcheck_timeout is written. */
    static String describe(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "health-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
