package io.kubesolo.update.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs an action again after a {@link TransientFailure}, with exponential backoff and jitter,
 * bounded in attempts and in time; any other exception passes through at once (a 404, refused
 * credentials, a digest mismatch are not going to change). Each retry is logged in one line:
 * {@code retry 2/5 in 1.7 s: GET http://h/vmlinuz (vmlinuz): HTTP 503 Service Unavailable}.
 *
 * <p>The wait before retry {@code n} is drawn uniformly from [½, 1] × {@code initialDelay·2^(n-1)}
 * (capped at {@code maxDelay}), so that a fleet cut off together does not come back together. A
 * server's {@code Retry-After} replaces the backoff; when it asks for more than the time left, the
 * action fails at once rather than sleep past the bound. An attempt that made progress (a download
 * that got further than ever before) starts the count and the time bound afresh: a link that drops
 * every few minutes still finishes, a server that always breaks at the same byte does not loop.
 *
 * <p>The one retry loop of the agent: the HTTP transport, the registry caller and the stager use
 * it. Built once per command, with the clock, sleeper and random source passed in.
 */
public final class Retry {

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Random random;
    private final Consumer<String> log;

    public Retry(RetryPolicy policy, Sleeper sleeper, Clock clock, Random random, Consumer<String> log) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.log = log;
    }

    /** Never retries. */
    public static Retry none() {
        return new Retry(RetryPolicy.once(), duration -> {}, Clock.systemUTC(), new Random(0), line -> {});
    }

    /** One try of the action; throws {@link TransientFailure} for what may work next time. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws TransientFailure;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** The clock the bounds are measured with; also for {@code Retry-After} dates. */
    public Clock clock() {
        return clock;
    }

    /**
     * Runs {@code attempt} until it returns, throws something other than a {@link TransientFailure},
     * or the policy's bounds are reached.
     *
     * @throws TransientFailure the last failure, its message saying after how many attempts and
     *                          how long the action gave up
     */
    public <T> T run(Attempt<T> attempt) throws TransientFailure {
        int failures = 0;
        Instant firstFailure = null;
        while (true) {
            try {
                return attempt.run();
            } catch (TransientFailure failure) {
                Instant now = clock.instant();
                if (failure.progressed() || firstFailure == null) {
                    failures = 0;
                    firstFailure = now;
                }
                failures++;
                Duration failing = Duration.between(firstFailure, now);
                if (failures >= policy.attempts()) {
                    throw policy.attempts() == 1
                            ? failure
                            : failure.gaveUp("gave up after " + failures + " attempts in " + seconds(failing));
                }
                Duration left = policy.maxTime().minus(failing);
                Duration backoff = policy.backoff(failures);
                Duration delay = failure.retryAfter().orElseGet(() -> jittered(backoff));
                if (delay.compareTo(left) > 0) {
                    throw failure.gaveUp(
                            failure.retryAfter().isPresent()
                                    ? "the server asks to retry in " + seconds(delay) + ", more than the "
                                            + seconds(left.isNegative() ? Duration.ZERO : left) + " of retry time left"
                                    : "gave up after " + failures + " attempts in " + seconds(failing));
                }
                log.accept("retry " + (failures + 1) + "/" + policy.attempts() + " in " + seconds(delay) + ": "
                        + failure.getMessage());
                sleep(delay, failure);
            }
        }
    }

    private Duration jittered(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + (long) (random.nextDouble() * (millis - millis / 2)));
    }

    private void sleep(Duration delay, TransientFailure failure) throws TransientFailure {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.gaveUp("interrupted while waiting to retry");
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
