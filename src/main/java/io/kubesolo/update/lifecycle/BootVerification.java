package io.kubesolo.update.lifecycle;

import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.health.HealthReport;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The post-boot half of an update (spec §2 {@code healthcheck}): after an activation, runs the
 * health checks and either confirms the boot to GRUB ({@code activated → verifying → success}) or
 * records the failure; after {@code autoRollbackAfter} consecutive failures it points GRUB back
 * at the previous slot. It never reboots the machine. Outside an activation it only reports.
 */
public final class BootVerification {

    /** What the health check run meant for the update. */
    public enum Verdict {
        /** No activation is pending: the checks ran and changed nothing. */
        CHECKED_ONLY,
        /** The activated slot has not booted yet: checks ran, state unchanged. */
        REBOOT_PENDING,
        /** The new slot is healthy and the boot was confirmed to GRUB. */
        CONFIRMED,
        /** The checks failed; GRUB will fall back by itself unless a later run passes. */
        FAILED,
        /** The agent pointed GRUB back at the previous slot. */
        ROLLED_BACK,
        /**
         * GRUB had already fallen back (or the activation never reached GRUB): recorded as rolled
         * back, and the running boot confirmed when its checks pass.
         */
        FELL_BACK
    }

    public record Result(Verdict verdict, HealthReport report, String message) {}

    private final BootControl boot;
    private final Slots slots;
    private final StateStore store;
    private final Clock clock;

    public BootVerification(BootControl boot, Slots slots, StateStore store, Clock clock) {
        this.boot = boot;
        this.slots = slots;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Outside an activation the state stays as it is, but a healthy boot is still confirmed to
     * GRUB: GRUB clears {@code boot_success} and counts down at every boot, so a slot whose boots
     * nobody confirms is abandoned after three of them, even one that has run fine for months.
     * An activated slot that has not booted yet is never confirmed from the old one.
     */
    private Result checkRunningSlot(Supplier<HealthReport> checks) {
        HealthReport report = checks.get();
        if (!report.healthy()) {
            return new Result(Verdict.CHECKED_ONLY, report, report.summary());
        }
        BootState bootState = boot.read();
        if (bootState.switchPending()) {
            return new Result(
                    Verdict.REBOOT_PENDING,
                    report,
                    "healthy; slot " + bootState.activeSlot()
                            + " boots next and is confirmed by the healthcheck after that boot");
        }
        boot.confirm();
        return new Result(
                Verdict.CHECKED_ONLY, report, "healthy; boot of slot " + bootState.activeSlot() + " confirmed");
    }

    /** Whether the state shows an activation whose health check is due: a run then records its verdict. */
    public boolean awaitsVerification() {
        Phase phase = store.read().phase();
        return phase == Phase.ACTIVATED || phase == Phase.VERIFYING;
    }

    /**
     * Runs the checks and writes nothing, not even the boot confirmation: for when another command
     * holds the device lock outside an activation. {@code why} says why nothing was confirmed.
     */
    public Result reportOnly(Supplier<HealthReport> checks, String why) {
        HealthReport report = checks.get();
        return new Result(
                Verdict.CHECKED_ONLY,
                report,
                (report.healthy() ? "healthy" : report.summary()) + "; boot not confirmed: " + why);
    }

    /**
     * Runs the checks and records what they mean for a pending activation, as the class says.
     *
     * @param checks            runs the health checks
     * @param autoRollbackAfter fall back after this many consecutive failures; 0 = never
     */
    public Result verify(Supplier<HealthReport> checks, int autoRollbackAfter) {
        UpdateState state = store.read();
        Rollback rollback = new Rollback(boot, slots, store, clock);
        if (rollback.isInterrupted(state)) {
            SlotName previous = rollback.rollBack(state.lastError());
            return new Result(
                    Verdict.ROLLED_BACK,
                    checks.get(),
                    "the rollback the state records had not reached GRUB" + " (" + state.lastError() + "); slot "
                            + previous + " boots next");
        }
        boolean afterActivation = state.phase() == Phase.ACTIVATED || state.phase() == Phase.VERIFYING;
        if (!afterActivation) {
            return checkRunningSlot(checks);
        }
        BootState bootState = boot.read();
        SlotName booted = bootState.activeSlot();
        String bootedVersion = slots.inspect(booted).version().orElse(null);
        if (!Objects.equals(bootedVersion, state.toVersion())) {
            String reason = "slot " + booted + " boots " + (bootedVersion == null ? "no version" : bootedVersion)
                    + ", not " + state.toVersion() + ": GRUB fell back or the activation did not reach it";
            store.write(state.rollBack(reason, clock.instant()));
            // The slot GRUB fell back to is running on probation now (boot_success=0, counter
            // counted down): left unconfirmed, GRUB would switch back to the broken slot.
            HealthReport report = checks.get();
            if (!report.healthy() || bootState.switchPending()) {
                return new Result(Verdict.FELL_BACK, report, reason);
            }
            boot.confirm();
            return new Result(
                    Verdict.FELL_BACK,
                    report,
                    reason + "; the boot of slot " + booted + " ("
                            + (bootedVersion == null ? "no version" : bootedVersion) + ") is healthy and confirmed");
        }
        if (bootState.switchPending()) {
            HealthReport report = checks.get();
            return new Result(
                    Verdict.REBOOT_PENDING,
                    report,
                    "slot " + booted + " (" + bootedVersion
                            + ") is activated but has not booted yet; reboot to verify it");
        }

        UpdateState verifying = state.moveTo(Phase.VERIFYING, clock.instant());
        if (state.phase() != Phase.VERIFYING) {
            store.write(verifying);
        }
        HealthReport report = checks.get();
        if (report.healthy()) {
            boot.confirm();
            store.write(verifying.succeed(clock.instant()));
            return new Result(
                    Verdict.CONFIRMED, report, "slot " + booted + " (" + bootedVersion + ") confirmed healthy");
        }
        int failures = verifying.healthCheckFailures() + 1;
        String error =
                "health check failed (" + failures + (failures == 1 ? " time" : " times") + "): " + report.summary();
        if (autoRollbackAfter > 0 && failures >= autoRollbackAfter) {
            SlotName previous = booted.other();
            if (!slots.inspect(previous).complete()) {
                error += "; cannot roll back: slot " + previous + " does not hold a complete system";
            } else {
                String reason = error + "; rolled back to slot " + previous;
                store.write(verifying
                        .withHealthCheckFailure(failures, error, clock.instant())
                        .rollBack(reason, clock.instant()));
                boot.pointAt(previous);
                return new Result(Verdict.ROLLED_BACK, report, reason + " (takes effect at the next boot)");
            }
        }
        store.write(verifying.withHealthCheckFailure(failures, error, clock.instant()));
        return new Result(Verdict.FAILED, report, error);
    }
}
