package io.kubesolo.update.retry;

import java.time.Duration;

/**
 * How often and how long to retry a transient failure.
 *
 * @param attempts     attempts in all, the first included (1 = no retry)
 * @param initialDelay the wait before the first retry; each further retry doubles it
 * @param maxDelay     the longest wait between two attempts
 * @param maxTime      the longest time spent failing: from the first failure since the last
 *                     progress to the moment a retry would start
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration maxTime) {

    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(5);

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || maxTime.isNegative()) {
            throw new IllegalArgumentException("retry delays and time must not be negative");
        }
    }

    /** Five attempts, 1 s doubling up to 30 s, at most 5 minutes of failing. */
    public static RetryPolicy standard() {
        return new RetryPolicy(DEFAULT_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_TIME);
    }

    /** One attempt: every failure is final. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first), before jitter:
     * {@code initialDelay * 2^(retry-1)}, capped at {@code maxDelay}.
     */
    Duration backoff(int retry) {
        Duration delay = initialDelay;
        for (int i = 1; i < retry && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
