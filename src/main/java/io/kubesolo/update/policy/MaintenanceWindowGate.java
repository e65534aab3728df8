package io.kubesolo.update.policy;

import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Gate 1 of spec §8: the local time lies inside the maintenance window. Unlike the other gates it
 * needs no release, because it runs before any network request: outside the window a device does
 * not even ask the server. Skipped with {@code --force}.
 */
public final class MaintenanceWindowGate implements PreflightGate {

    public static final String NAME = "maintenance window";

    private final MaintenanceWindow window;
    private final Clock clock;
    private final boolean force;

    /** @param clock gives the local time; its zone is the machine's time zone */
    public MaintenanceWindowGate(MaintenanceWindow window, Clock clock, boolean force) {
        this.window = window;
        this.clock = clock;
        this.force = force;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Decision evaluate() {
        if (force) {
            return Decision.allow(NAME, "skipped (--force)");
        }
        if (window.isAlwaysOpen()) {
            return Decision.allow(NAME, "no window configured, always open");
        }
        LocalTime now = LocalTime.now(clock);
        String detail = "local time " + DateTimeFormatter.ofPattern("HH:mm").format(now) + ", window " + window;
        return window.isOpenAt(now) ? Decision.allow(NAME, detail) : Decision.refuse(NAME, detail + " is closed");
    }
}
