package io.kubesolo.update.packaging;

import io.kubesolo.update.policy.MaintenanceWindow;
import io.kubesolo.update.policy.MaintenanceWindowGate;
import io.kubesolo.update.policy.WindowWait;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A day of scheduled {@code apply --wait-for-window} runs on a simulated clock: each run waits as
 * the program does ({@link WindowWait}, with a sleeper that moves the clock), then meets the
 * maintenance window gate. Says which runs the gate let through.
 */
final class ScheduledDay {

    private static final Instant MIDNIGHT = Instant.parse("2026-12-01T00:00:00Z");

    private ScheduledDay() {}

    /**
     * Plays one day of the schedule against the maintenance window gate.
     *
     * @param runs           when the scheduler starts apply, as offsets from midnight
     * @param waitForWindow  the --wait-for-window of the shipped command line, or null
     * @return the instants at which the gate let a run through
     */
    static List<Instant> admittedRuns(List<Duration> runs, MaintenanceWindow window, Duration waitForWindow) {
        List<Instant> admitted = new ArrayList<>();
        for (Duration start : runs) {
            SimulatedClock clock = new SimulatedClock(MIDNIGHT.plus(start));
            if (waitForWindow != null) {
                new WindowWait(window, waitForWindow, clock, clock::advance, line -> {}).await();
            }
            if (!new MaintenanceWindowGate(window, clock, false).evaluate().refused()) {
                admitted.add(clock.instant());
            }
        }
        return admitted;
    }

    private static final class SimulatedClock extends Clock {

        private Instant now;

        SimulatedClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulated device runs in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
