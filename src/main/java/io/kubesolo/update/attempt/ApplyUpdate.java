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
 * {@code apply}, for any source: pre-flight gates (maintenance window, pending activation) before
 * any network request → fetch the release → release gates → stage into the passive slot. The
 * active slot and the GRUB environment are never touched.
 *
 * <p>State (SPEC §7): "already up to date" and "held back" (a phased rollout that has not reached
 * this machine) write nothing. A gate's refusal is recorded as
 * {@code failed} with the refusal as {@code last_error}, without counting an attempt, so that an
 * operator (and the metrics) see why a device does not update; the one exception is the pending
 * activation gate, whose whole point is to leave an activation's state alone. Once the gates let a
 * release through, the attempt starts ({@code checking}, counting it), moves to
 * {@code downloading} and ends {@code staged}. Any error from the fetch on (network, corrupt
 * metadata, a bad signature, a digest mismatch) ends the attempt {@code failed} with the error's
 * one line as {@code last_error}, and is rethrown.
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
    public ApplyUpdate(UpdateSource source, List<PreflightGate> preflight, Function<SlotSpace, GateChain> gates,
            Supplier<MountedSlot> passiveForWriting, Stager stager, StateStore store, Optional<String> running,
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
     * @throws PolicyException (REFUSED) when a gate refuses
     * @throws UpdateException  when the attempt failed (state {@code failed})
     */
    public ApplyResult run() {
        UpdateState before = store.read();
        for (PreflightGate gate : preflight) {
            Decision decision = gate.evaluate();
            if (decision.refused()) {
                if (gate.recordsRefusal()) {
                    store.write(before.refuse(running.orElse(null), null, decision.message(), clock.instant()));
                }
                throw decision.toException();
            }
        }
        UpdateState attempt = null;
        Decision refusal = null;
        try {
            Release release = source.fetchRelease();
            try (MountedSlot passive = passiveForWriting.get()) {
                Decision decision = gates.apply(new PassiveSlotSpace(passive)).evaluate(release);
                if (decision.refused()) {
                    store.write(before.refuse(running.orElse(null), release.metadata().version(), decision.message(),
                            clock.instant()));
                    refusal = decision;
                } else if (!decision.allowed()) {
                    return new ApplyResult(release, decision, Optional.empty());
                } else {
                    attempt = before.startAttempt(running.orElse(null), release.metadata().version(),
                            clock.instant());
                    store.write(attempt);
                    Optional<StagingResult> staging = Optional.empty();
                    if (!stager.holdsRelease(release, passive)) {
                        attempt = attempt.moveTo(Phase.DOWNLOADING, clock.instant());
                        store.write(attempt);
                        staging = Optional.of(stager.stage(release, passive));
                    }
                    store.write(attempt.moveTo(Phase.STAGED, clock.instant()));
                    return new ApplyResult(release, decision, staging);
                }
            }
        } catch (UpdateException e) {
            UpdateState failed = attempt != null ? attempt
                    : before.refuse(running.orElse(null), null, e.getMessage(), clock.instant());
            store.write(failed.fail(e.getMessage(), clock.instant()));
            throw e;
        }
        throw refusal.toException();
    }
}
