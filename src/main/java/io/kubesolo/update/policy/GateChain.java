package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The release gates in the order every source applies them (spec §8): freshness, channel,
 * architecture, minimum version, downgrade protection, rollout, free space, node block label.
 * Freshness comes first: an expired release is refused whatever else it says. Rollout comes after
 * downgrade protection so that a machine already running the release reads "up to date", not
 * "held back". The maintenance window is
 * not here: it runs before the release is fetched, see {@link MaintenanceWindowGate}.
 */
public final class GateChain {

    private final List<Gate> gates;

    public GateChain(List<Gate> gates) {
        this.gates = List.copyOf(gates);
    }

    /** The standard chain, given what each gate compares against. */
    public static GateChain standard(GateSettings settings, SlotSpace passiveSlot, NodeLabels nodeLabels, Clock clock) {
        return new GateChain(List.of(
                new FreshnessGate(clock, settings.allowExpired()),
                new ChannelGate(settings.channel()),
                new ArchitectureGate(settings.architecture()),
                new MinimumVersionGate(settings.running()),
                new DowngradeGate(settings.running(), settings.allowDowngrade(), settings.reinstall()),
                new RolloutGate(settings.machineId(), settings.ignoreRollout()),
                new FreeSpaceGate(passiveSlot),
                new NodeBlockGate(nodeLabels, settings.force())));
    }

    /** Runs every gate and returns each decision, for {@code check}'s report. */
    public List<Decision> evaluateAll(Release release) {
        List<Decision> decisions = new ArrayList<>();
        for (Gate gate : gates) {
            decisions.add(gate.evaluate(release));
        }
        return decisions;
    }

    /**
     * Runs the gates in order and stops at the first that does not allow the release: its refusal
     * or its "already up to date"; an allow naming the whole chain when every gate passes.
     */
    public Decision evaluate(Release release) {
        for (Gate gate : gates) {
            Decision decision = gate.evaluate(release);
            if (!decision.allowed()) {
                return decision;
            }
        }
        return Decision.allow("all gates", "passed");
    }
}
