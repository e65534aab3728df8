package io.kubesolo.update.state;

import io.kubesolo.update.OneLine;
import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot of the update lifecycle (spec §7). Immutable: every transition returns a new
 * state stamped with the time it happened, and {@link StateStore} persists it.
 *
 * @param fromVersion version running when the attempt started, or null
 * @param toVersion   version the attempt installs, or null
 * @param startedAt   when the current attempt started, or null
 * @param updatedAt   when the last transition happened, or null for the initial state
 * @param lastError   why the last attempt failed, or null
 */
public record UpdateState(
        Phase phase,
        String fromVersion,
        String toVersion,
        Instant startedAt,
        Instant updatedAt,
        String lastError,
        int attemptCount,
        int healthCheckFailures) {

    public UpdateState {
        Objects.requireNonNull(phase, "phase");
        // Errors quote servers and files; stored escaped, they replay harmlessly on every status.
        lastError = lastError == null ? null : OneLine.of(lastError);
    }

    /** The state of a device that has never been updated (and what a missing file reads as). */
    public static UpdateState initial() {
        return new UpdateState(Phase.IDLE, null, null, null, null, null, 0, 0);
    }

    /**
     * Whether an update is staged or activated and not yet concluded: a run that writes nothing
     * into the slot (a refusal, a failed fetch) leaves such a state as it is.
     */
    public boolean pending() {
        return phase == Phase.STAGED || phase == Phase.ACTIVATED || phase == Phase.VERIFYING;
    }

    /**
     * Starts an update attempt towards {@code target}: stamps {@code started_at} and counts the
     * attempt; a new target version resets the count.
     */
    public UpdateState startAttempt(String running, String target, Instant now) {
        int attempts = Objects.equals(target, toVersion) ? attemptCount + 1 : 1;
        return new UpdateState(Phase.CHECKING, running, target, now, now, null, attempts, 0);
    }

    /** Moves to {@code next}, keeping everything else. Use {@link #fail} and {@link #succeed} for those two. */
    public UpdateState moveTo(Phase next, Instant now) {
        return new UpdateState(
                next, fromVersion, toVersion, startedAt, now, lastError, attemptCount, healthCheckFailures);
    }

    /**
     * Records that a gate refused {@code target} (null when the refusal came before the release
     * was known). A refusal is not an attempt: the attempt count of the same target is kept.
     */
    public UpdateState refuse(String running, String target, String reason, Instant now) {
        boolean sameTarget = target != null && target.equals(toVersion);
        return new UpdateState(
                Phase.FAILED,
                running,
                target,
                sameTarget ? startedAt : null,
                now,
                reason,
                sameTarget ? attemptCount : 0,
                0);
    }

    public UpdateState fail(String error, Instant now) {
        return new UpdateState(
                Phase.FAILED, fromVersion, toVersion, startedAt, now, error, attemptCount, healthCheckFailures);
    }

    public UpdateState succeed(Instant now) {
        return new UpdateState(Phase.SUCCESS, fromVersion, toVersion, startedAt, now, null, attemptCount, 0);
    }

    public UpdateState rollBack(String reason, Instant now) {
        return new UpdateState(
                Phase.ROLLED_BACK, fromVersion, toVersion, startedAt, now, reason, attemptCount, healthCheckFailures);
    }

    /** The staged slot becomes the next boot; the post-boot health check count starts afresh. */
    public UpdateState activate(Instant now) {
        return new UpdateState(Phase.ACTIVATED, fromVersion, toVersion, startedAt, now, null, attemptCount, 0);
    }

    /** Records a failed post-boot health check: the phase stays, the count and the error are kept. */
    public UpdateState withHealthCheckFailure(int failures, String error, Instant now) {
        return new UpdateState(phase, fromVersion, toVersion, startedAt, now, error, attemptCount, failures);
    }
}
