package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daily span of local time in which updates may be applied (spec §8): {@code HH:MM-HH:MM},
 * start inclusive, end exclusive. A window whose end is before its start wraps midnight
 * ({@code 23:00-01:00}); an empty window is always open; a window whose start equals its end never
 * opens (a way to switch updates off without removing the configuration).
 */
public final class MaintenanceWindow {

    private static final Pattern FORM = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final Optional<LocalTime> start;
    private final Optional<LocalTime> end;

    private MaintenanceWindow(Optional<LocalTime> start, Optional<LocalTime> end) {
        this.start = start;
        this.end = end;
    }

    public static MaintenanceWindow always() {
        return new MaintenanceWindow(Optional.empty(), Optional.empty());
    }

    /**
     * Parses {@code HH:MM-HH:MM}; null or blank text is {@link #always()}.
     *
     * @throws PolicyException (USAGE) when the text is not of that form or names no valid time
     */
    public static MaintenanceWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return always();
        }
        Matcher matcher = FORM.matcher(text.strip());
        try {
            if (matcher.matches()) {
                return new MaintenanceWindow(
                        Optional.of(LocalTime.parse(matcher.group(1), HH_MM)),
                        Optional.of(LocalTime.parse(matcher.group(2), HH_MM)));
            }
        } catch (DateTimeParseException e) {
            // falls through to the one message below: the form is right but a time is out of range
        }
        throw new PolicyException(
                Outcome.USAGE,
                "maintenance window '" + text + "' is not HH:MM-HH:MM with 00:00 <= HH:MM <= 23:59 (e.g. 23:00-01:00)");
    }

    public boolean isAlwaysOpen() {
        return start.isEmpty();
    }

    public boolean isOpenAt(LocalTime time) {
        if (start.isEmpty()) {
            return true;
        }
        LocalTime from = start.get();
        LocalTime until = end.orElseThrow();
        if (from.equals(until)) {
            return false;
        }
        if (from.isBefore(until)) {
            return !time.isBefore(from) && time.isBefore(until);
        }
        return !time.isBefore(from) || time.isBefore(until);
    }

    /**
     * How long from {@code time} until the window is open: zero when it is open, empty when it
     * never opens (a window whose start equals its end).
     */
    public Optional<Duration> untilOpen(LocalTime time) {
        if (isOpenAt(time)) {
            return Optional.of(Duration.ZERO);
        }
        LocalTime from = start.orElseThrow();
        if (from.equals(end.orElseThrow())) {
            return Optional.empty();
        }
        Duration until = Duration.between(time, from);
        return Optional.of(until.isNegative() ? until.plusDays(1) : until);
    }

    @Override
    public String toString() {
        return start.isEmpty() ? "(always open)" : HH_MM.format(start.get()) + "-" + HH_MM.format(end.orElseThrow());
    }
}
