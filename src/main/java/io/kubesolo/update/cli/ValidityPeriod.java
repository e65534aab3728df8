package io.kubesolo.update.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How long a release stays valid, as {@code --expires-in} takes it: a positive whole number and a
 * unit, {@code m} (minutes), {@code h}, {@code d} or {@code w}: {@code 30d}, {@code 12h}.
 */
final class ValidityPeriod implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,5})([mhdw])");

    @Override
    public Duration convert(String value) {
        Matcher matcher = FORM.matcher(value.strip());
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + value + "' is not a period such as 30d, 12h, 2w or 90m");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    /** The expiry instant {@code period} after now, to the second, as the metadata carries it. */
    static Instant expiryAfter(Duration period, Clock clock) {
        return clock.instant().plus(period).truncatedTo(ChronoUnit.SECONDS);
    }
}
