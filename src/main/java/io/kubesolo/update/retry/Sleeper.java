package io.kubesolo.update.retry;

import java.time.Duration;

/** Waits between two attempts. Tests pass one that records the wait instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
