package io.kubesolo.update;

import java.math.BigDecimal;

/**
 * The share of a fleet a release is offered to, 0 to 100 percent with at most two decimals
 * ({@code 20}, {@code 0.5}, {@code 100}): {@code rollout_percent} in {@code latest.json},
 * {@code io.kubesolo.os.rollout_percent} on a manifest. A release without one is for every machine.
 * Held as basis points (hundredths of a percent), the granularity of a machine's rollout bucket.
 */
public final class RolloutPercent {

    /** 100 %: every machine. */
    public static final RolloutPercent EVERYONE = new RolloutPercent(10_000);

    private final int basisPoints;

    private RolloutPercent(int basisPoints) {
        this.basisPoints = basisPoints;
    }

    /**
     * Parses a percentage written as text ({@code "20"}, {@code "0.5"}); surrounding whitespace and
     * a trailing {@code %} are ignored.
     *
     * @param where names the value for the message ("latest.json from http://h/latest.json rollout_percent")
     * @throws UpdateException (FAILED) when it is not a number from 0 to 100 with at most two decimals
     */
    public static RolloutPercent parse(String text, String where) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.endsWith("%")) {
            stripped = stripped.substring(0, stripped.length() - 1).strip();
        }
        BigDecimal number;
        try {
            number = new BigDecimal(stripped);
        } catch (NumberFormatException e) {
            throw malformed(text, where);
        }
        return of(number, where);
    }

    /** As {@link #parse}, for a number a JSON document carries. */
    public static RolloutPercent of(BigDecimal number, String where) {
        BigDecimal basisPoints = number.movePointRight(2);
        if (number.signum() < 0
                || number.compareTo(BigDecimal.valueOf(100)) > 0
                || basisPoints.stripTrailingZeros().scale() > 0) {
            throw malformed(number.toPlainString(), where);
        }
        return new RolloutPercent(basisPoints.intValueExact());
    }

    private static UpdateException malformed(String text, String where) {
        return new UpdateException(
                Outcome.FAILED,
                where + " '" + text
                        + "' is not a rollout percentage (a number from 0 to 100 with at most two decimals, e.g. 20 or 0.5)");
    }

    /** Hundredths of a percent: 0 to 10000. */
    public int basisPoints() {
        return basisPoints;
    }

    /** The percentage as a number, {@code 20}, {@code 0.5}. */
    public BigDecimal percent() {
        BigDecimal percent = BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RolloutPercent rolloutPercent && rolloutPercent.basisPoints == basisPoints;
    }

    @Override
    public int hashCode() {
        return basisPoints;
    }

    /** {@code 20 %}, {@code 0.5 %}. */
    @Override
    public String toString() {
        return percent().toPlainString() + " %";
    }
}
