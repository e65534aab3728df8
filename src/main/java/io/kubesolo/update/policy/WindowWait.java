package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code apply --wait-for-window MAX}: when the maintenance window is closed and opens within
 * {@code MAX}, wait for it, as Zincati's periodic strategy does, so that a schedule that is not
 * aligned with the window (a CronJob every 6 hours, a timer at a random offset) still updates in
 * it. A window further away than {@code MAX}, or one that never opens, is not waited for: the
 * maintenance window gate then refuses as it would without the flag.
 */
public final class WindowWait {

    private final MaintenanceWindow window;
    private final Duration max;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;

    public WindowWait(MaintenanceWindow window, Duration max, Clock clock, Sleeper sleeper, Consumer<String> log) {
        this.window = window;
        this.max = max;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** Returns at once when the window is open, or after waiting for it to open. */
    public void await() {
        if (window.isAlwaysOpen()) {
            return; // without asking the clock for the local time, which reads the time-zone database
        }
        Optional<Duration> until = window.untilOpen(LocalTime.now(clock));
        if (until.isEmpty() || until.get().isZero()) {
            return;
        }
        if (until.get().compareTo(max) > 0) {
            log.accept("the maintenance window " + window + " opens in " + describe(until.get())
                    + ", later than --wait-for-window " + describe(max) + " allows; not waiting");
            return;
        }
        // A minute boundary: open at 02:00:00, not one nanosecond before.
        Duration wait = until.get().plusSeconds(1);
        log.accept("waiting " + describe(wait) + " for the maintenance window " + window);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyException(Outcome.FAILED, "interrupted while waiting for the maintenance window " + window);
        }
    }

    private static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 60
                ? minutes / 60 + " h " + minutes % 60 + " min"
                : minutes + " min " + duration.toSecondsPart() + " s";
    }
}
