package io.kubesolo.update.attempt;

import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.policy.GateChain;
import io.kubesolo.update.policy.PolicyException;
import io.kubesolo.update.policy.PreflightGate;
import io.kubesolo.update.policy.SlotSpace;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.stage.PassiveSlotSpace;
import io.kubesolo.update.stage.Stager;
import io.kubesolo.update.stage.StagingResult;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code apply}, for any source, in the order of RAUC's install: {@link #preflight} (maintenance
 * window, pending activation; before any network request), {@link #fetch} the release,
 * {@link #judge} it with the release gates, {@link #stage} it into the passive slot. Each step
 * returns or throws; the active slot and the GRUB environment are never touched.
 *
 * <p>State (docs/spec.md §7): "already up to date" and "held back" (a phased rollout that has not
 * reached this machine) write nothing. A refusal or failure <em>before anything is written into
 * the slot</em> is recorded as {@code failed} with the reason as {@code last_error}, without
 * counting an attempt, so that an operator (and the metrics) see why a device does not update —
 * except when an update is pending ({@link UpdateState#pending()}: staged or activated): then the
 * state stays as it is, since the slot still holds that update, and the refusal shows in the last
 * run record only. Once the gates let a release through, the attempt starts ({@code checking},
 * counting it), moves to {@code downloading} and ends {@code staged}; a release the slot already
 * holds and the state already calls staged writes nothing. Any error from there on ends the
 * attempt {@code failed} with the error's one line as {@code last_error}, and is rethrown.
 */
public final class ApplyUpdate {

    private final UpdateSource source;
    private final List<PreflightGate> preflight;
    private final Function<SlotSpace, GateChain> gates;
    private final Supplier<MountedSlot> passiveForWriting;
    private final Stager stager;
    private final StateStore store;
    private final Optional<String> running;
    private final Clock clock;

    /**
     * @param gates             builds the release gates given the passive slot's space
     * @param passiveForWriting opens the passive slot for writing (the slot guard refuses the active one)
     * @param running           the version in the active slot, recorded as {@code from_version}
     */
    public ApplyUpdate(
            UpdateSource source,
            List<PreflightGate> preflight,
            Function<SlotSpace, GateChain> gates,
            Supplier<MountedSlot> passiveForWriting,
            Stager stager,
            StateStore store,
            Optional<String> running,
            Clock clock) {
        this.source = source;
        this.preflight = List.copyOf(preflight);
        this.gates = gates;
        this.passiveForWriting = passiveForWriting;
        this.stager = stager;
        this.store = store;
        this.running = running;
        this.clock = clock;
    }

    /**
     * Runs one update attempt: pre-flight, fetch, gates, stage, each step recorded in state.
     *
     * @throws PolicyException (REFUSED) when a gate refuses
     * @throws UpdateException  when the attempt failed
     */
    public ApplyResult run() {
        UpdateState before = store.read();
        preflight(before);
        Release release = fetch(before);
        try (MountedSlot passive = openPassive(before, release)) {
            Decision decision = judge(before, release, passive);
            if (!decision.allowed()) {
                return new ApplyResult(release, decision, Optional.empty());
            }
            return stage(before, release, decision, passive);
        }
    }

    /** The gates that need no release; the first refusal ends the run. */
    private void preflight(UpdateState before) {
        for (PreflightGate gate : preflight) {
            Decision decision = gate.evaluate();
            if (decision.refused()) {
                recordBeforeWriting(before, null, decision.message());
                throw decision.toException();
            }
        }
    }

    private Release fetch(UpdateState before) {
        try {
            return source.fetchRelease();
        } catch (UpdateException e) {
            recordBeforeWriting(before, null, e.getMessage());
            throw e;
        }
    }

    private MountedSlot openPassive(UpdateState before, Release release) {
        try {
            return passiveForWriting.get();
        } catch (UpdateException e) {
            recordBeforeWriting(before, release.metadata().version(), e.getMessage());
            throw e;
        }
    }

    /** The release gates' verdict; a refusal is recorded and thrown. */
    private Decision judge(UpdateState before, Release release, MountedSlot passive) {
        Decision decision;
        try {
            decision = gates.apply(new PassiveSlotSpace(passive)).evaluate(release);
        } catch (UpdateException e) {
            recordBeforeWriting(before, release.metadata().version(), e.getMessage());
            throw e;
        }
        if (decision.refused()) {
            recordBeforeWriting(before, release.metadata().version(), decision.message());
            throw decision.toException();
        }
        return decision;
    }

    /** Writes the release into the passive slot, unless it is there already. */
    private ApplyResult stage(UpdateState before, Release release, Decision decision, MountedSlot passive) {
        String version = release.metadata().version();
        boolean alreadyStaged = stager.holdsRelease(release, passive);
        if (alreadyStaged && before.phase() == Phase.STAGED && version.equals(before.toVersion())) {
            return new ApplyResult(release, decision, Optional.empty());
        }
        UpdateState attempt = before.startAttempt(running.orElse(null), version, clock.instant());
        store.write(attempt);
        try {
            Optional<StagingResult> staging = Optional.empty();
            if (!alreadyStaged) {
                attempt = attempt.moveTo(Phase.DOWNLOADING, clock.instant());
                store.write(attempt);
                staging = Optional.of(stager.stage(release, passive));
            }
            store.write(attempt.moveTo(Phase.STAGED, clock.instant()));
            return new ApplyResult(release, decision, staging);
        } catch (UpdateException e) {
            store.write(attempt.fail(e.getMessage(), clock.instant()));
            throw e;
        }
    }

    /**
     * Records a refusal or failure that came before anything was written into the slot, unless an
     * update is pending: the slot still holds it, and the state must keep saying so.
     */
    private void recordBeforeWriting(UpdateState before, String target, String reason) {
        if (!before.pending()) {
            store.write(before.refuse(running.orElse(null), target, reason, clock.instant()));
        }
    }
}
