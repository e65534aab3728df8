package io.kubesolo.update.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the last check found and what downloads cost, kept between runs for the metrics
 * (docs/metrics.md). {@code check} and {@code apply} record into it through {@link LastRunStore};
 * nothing else reads it, and losing it loses only these numbers.
 *
 * @param checkedAt        when the last check finished, or null when none has
 * @param checkResult      what it concluded, or null when none has
 * @param availableVersion the version the update source offered at the last check (also when a
 *                         gate refused it), or null when it offered none or could not be asked
 * @param reason           why the last check was refused or failed (the one-line message), null otherwise
 * @param bytesDownloaded  bytes downloaded by every download on this device so far (a counter)
 * @param downloadSeconds  how long the most recent download took, 0 when there was none
 */
public record LastRun(
        Instant checkedAt,
        CheckResult checkResult,
        String availableVersion,
        String reason,
        long bytesDownloaded,
        double downloadSeconds) {

    /** The five conclusions of a check; their wire names are the JSON values and metric labels. */
    public enum CheckResult {
        /** The source offers nothing newer than what runs. */
        UP_TO_DATE("up_to_date"),
        /** The source offers a newer version and the gates let it through. */
        AVAILABLE("available"),
        /** The source offers a newer version whose phased rollout has not reached this machine yet. */
        HELD_BACK("held_back"),
        /** A gate or the trust policy said no. */
        REFUSED("refused"),
        /** The source could not be asked, or answered something unusable. */
        FAILED("failed");

        private final String wireName;

        CheckResult(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<CheckResult> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(result -> result.wireName.equals(name))
                    .findFirst();
        }
    }

    public LastRun {
        if (bytesDownloaded < 0) {
            throw new IllegalArgumentException("bytesDownloaded is negative: " + bytesDownloaded);
        }
        if (!(downloadSeconds >= 0) || Double.isInfinite(downloadSeconds)) {
            throw new IllegalArgumentException(
                    "downloadSeconds is not a finite number of seconds ≥ 0: " + downloadSeconds);
        }
        if ((checkedAt == null) != (checkResult == null)) {
            throw new IllegalArgumentException("checkedAt and checkResult come together");
        }
    }

    /** A device on which nothing was ever checked or downloaded (and what a missing file reads as). */
    public static LastRun none() {
        return new LastRun(null, null, null, null, 0, 0);
    }

    /** This record after a check that finished at {@code at}; the download figures are kept. */
    public LastRun checked(Instant at, CheckResult result, String offeredVersion) {
        return checked(at, result, offeredVersion, null);
    }

    /** This record after a check that was refused or failed at {@code at} for {@code why}. */
    public LastRun checked(Instant at, CheckResult result, String offeredVersion, String why) {
        return new LastRun(at, result, offeredVersion, why, bytesDownloaded, downloadSeconds);
    }

    /** This record after a download of {@code bytes} that took {@code took}: bytes add up, the time is replaced. */
    public LastRun downloaded(long bytes, Duration took) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes is negative: " + bytes);
        }
        return new LastRun(
                checkedAt,
                checkResult,
                availableVersion,
                reason,
                Math.addExact(bytesDownloaded, bytes),
                took.toNanos() / 1e9);
    }
}
