package io.kubesolo.update.policy;

import io.kubesolo.update.RolloutPercent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where a machine stands in the queue for one release: a number from 0.00 to 99.99, fixed by its
 * machine id and the release's version, and spread evenly over a fleet. A release rolled out to
 * P percent is taken by the machines whose bucket is below P.
 *
 * <p>The rule, so that an operator can compute it anywhere (docs/operations.md, "Phased rollout"):
 * take the SHA-256 of the UTF-8 text {@code <machine-id>:<version>} (the version exactly as the
 * release states it, e.g. {@code v0.4.0}), read its first 8 bytes as an unsigned big-endian
 * number, take it modulo 10000 and divide by 100.
 *
 * <p>Because the version is part of it, each release picks its own first machines; because the
 * threshold only grows, raising a release's percentage keeps every machine that already had it.
 */
public record RolloutBucket(int basisPoints) {

    public RolloutBucket {
        if (basisPoints < 0 || basisPoints >= 10_000) {
            throw new IllegalArgumentException("a bucket is 0 to 9999 basis points: " + basisPoints);
        }
    }

    public static RolloutBucket of(String machineId, String version) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((machineId + ":" + version).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long first8 = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        return new RolloutBucket((int) Long.remainderUnsigned(first8, 10_000));
    }

    /** Whether a machine in this bucket takes a release rolled out to {@code percent}. */
    public boolean isWithin(RolloutPercent percent) {
        return basisPoints < percent.basisPoints();
    }

    /** {@code 37.42}: always two decimals, as operators compare it with a percentage. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d.%02d", basisPoints / 100, basisPoints % 100);
    }
}
