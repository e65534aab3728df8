package io.kubesolo.update;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in this machine's time zone, looked up only when something asks for it (the
 * maintenance window). {@code Clock.system(ZoneId.systemDefault())} reads the time-zone database
 * at once: ≈ 10 ms of every command's start, for commands that mostly take instants.
 */
public final class LocalClock extends Clock {

    @Override
    public ZoneId getZone() {
        return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }
}
