package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import io.kubesolo.update.RolloutPercent;
import java.util.function.Supplier;

/**
 * Phased rollout: a release carrying a rollout percentage is taken only by the machines whose
 * {@link RolloutBucket} for it lies below that percentage; the others are held back (not refused:
 * nothing is wrong with them, their turn has not come, and nothing is recorded). A release without
 * one is for every machine. {@code --ignore-rollout} takes the release whatever the bucket, for an
 * operator who updates one machine early; {@code --force} does not, since it is about this
 * machine's window and node label, not about the fleet's plan.
 */
public final class RolloutGate implements Gate {

    public static final String NAME = "rollout";

    private final Supplier<MachineId> machineId;
    private final boolean ignoreRollout;

    /** @param machineId read only for a release that has a rollout percentage */
    public RolloutGate(Supplier<MachineId> machineId, boolean ignoreRollout) {
        this.machineId = machineId;
        this.ignoreRollout = ignoreRollout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Decision evaluate(Release release) {
        if (release.metadata().rolloutPercent().isEmpty()) {
            return Decision.allow(name(), "release is for every machine");
        }
        MachineId id = machineId.get();
        RolloutBucket bucket = RolloutBucket.of(id.value(), release.metadata().version());
        String machine = "this machine's bucket is " + bucket + " (from " + id.source() + ")";
        RolloutPercent percent = release.metadata().rolloutPercent().get();
        String detail = "release is rolled out to " + percent + " (buckets below "
                + percent.percent().toPlainString() + "), " + machine;
        if (bucket.isWithin(percent)) {
            return Decision.allow(name(), detail);
        }
        return ignoreRollout
                ? Decision.allow(name(), detail + " (--ignore-rollout)")
                : Decision.heldBack(name(), detail);
    }
}
