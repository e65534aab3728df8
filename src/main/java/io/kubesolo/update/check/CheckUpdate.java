package io.kubesolo.update.check;

import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.policy.GateChain;
import io.kubesolo.update.policy.PreflightGate;
import io.kubesolo.update.policy.SlotSpace;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.stage.PassiveSlotSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code check}: fetches the release and runs every gate apply would run, writing nothing (a check
 * is not an attempt: no state, no slot). Unlike apply it evaluates every gate, so the report shows
 * all that stands in the way, and it fetches even outside the maintenance window: a check is an
 * operator's question, not an update.
 */
public final class CheckUpdate {

    private final UpdateSource source;
    private final List<PreflightGate> preflight;
    private final Function<SlotSpace, GateChain> gates;
    private final Supplier<MountedSlot> passiveForReading;
    private final Optional<String> running;

    /**
     * @param gates             builds the release gates given the passive slot's space
     * @param passiveForReading opens the passive slot read-only, to measure its space
     */
    public CheckUpdate(
            UpdateSource source,
            List<PreflightGate> preflight,
            Function<SlotSpace, GateChain> gates,
            Supplier<MountedSlot> passiveForReading,
            Optional<String> running) {
        this.source = source;
        this.preflight = List.copyOf(preflight);
        this.gates = gates;
        this.passiveForReading = passiveForReading;
        this.running = running;
    }

    public CheckReport run() {
        List<Decision> decisions = new ArrayList<>();
        preflight.forEach(gate -> decisions.add(gate.evaluate()));
        Release release = source.fetchRelease();
        try (MountedSlot passive = passiveForReading.get()) {
            decisions.addAll(gates.apply(new PassiveSlotSpace(passive)).evaluateAll(release));
        }
        return new CheckReport(source.describe(), running, release, decisions);
    }
}
