package io.kubesolo.update.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** An overall bound on something that takes many steps (staging a release): when it ends, and whether it has. */
public final class Deadline {

    private final Clock clock;
    private final Instant end;
    private final Duration length;

    private Deadline(Clock clock, Instant end, Duration length) {
        this.clock = clock;
        this.end = end;
        this.length = length;
    }

    /** Ends {@code length} from now. */
    public static Deadline after(Duration length, Clock clock) {
        return new Deadline(clock, clock.instant().plus(length), length);
    }

    /** Never ends. */
    public static Deadline none() {
        return new Deadline(Clock.systemUTC(), Instant.MAX, Duration.ofSeconds(Long.MAX_VALUE));
    }

    public boolean passed() {
        return clock.instant().isAfter(end);
    }

    /** The time left, zero or negative once it has passed; {@code ChronoUnit.FOREVER}'s length when it never ends. */
    public Duration remaining() {
        return end.equals(Instant.MAX) ? ChronoUnit.FOREVER.getDuration() : Duration.between(clock.instant(), end);
    }

    /** What the bound was, for messages: "1800 s". */
    public String describe() {
        return length.toSeconds() + " s";
    }
}
