package io.kubesolo.update.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them in update.conf and flags: {@code 30} (seconds), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {}

    /**
     * Parses {@code 30}, {@code 30s}, {@code 500ms}, {@code 5m} or {@code 2h} (a bare number is seconds).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (expected e.g. 30, 30s, 500ms, 5m, 2h)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
