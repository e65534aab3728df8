package io.kubesolo.update.attempt;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.retry.Sleeper;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A random wait, uniform between zero and a configured maximum, before a run first contacts the
 * update source, so that a fleet started by the same clock (a cron line, a CronJob, machines
 * powered on together) does not ask the server all at once. Said in one line before it starts.
 */
public final class Splay {

    private final Duration max;
    private final Random random;
    private final Sleeper sleeper;
    private final Consumer<String> log;

    /**
     * @param max the longest wait; zero waits not at all
     * @param log told the chosen wait, in one line, before it starts
     */
    public Splay(Duration max, Random random, Sleeper sleeper, Consumer<String> log) {
        if (max.isNegative()) {
            throw new IllegalArgumentException("a splay is not negative: " + max);
        }
        this.max = max;
        this.random = random;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** No wait. */
    public static Splay none() {
        return new Splay(Duration.ZERO, new Random(), duration -> {}, line -> {});
    }

    /**
     * Waits a random time below the maximum.
     *
     * @throws UpdateException (FAILED) when the thread is interrupted while waiting
     */
    public void await() {
        if (max.isZero()) {
            return;
        }
        Duration wait = Duration.ofMillis((long) (random.nextDouble() * max.toMillis()));
        log.accept("waiting " + format(wait) + " (random splay of up to " + format(max)
                + ") before contacting the update source; --splay 0 or --force skips it");
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateException(
                    Outcome.FAILED, "interrupted during the random splay before contacting the update source", e);
        }
    }

    /** {@code 12m31s}, {@code 45s}, {@code 1h0m0s}; milliseconds only below a second. */
    static String format(Duration duration) {
        if (duration.toSeconds() == 0) {
            return duration.toMillis() + "ms";
        }
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        return hours > 0
                ? hours + "h" + minutes + "m" + seconds + "s"
                : minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
