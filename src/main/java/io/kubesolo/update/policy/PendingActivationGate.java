package io.kubesolo.update.policy;

import io.kubesolo.update.state.Phase;

/**
 * Refuses to stage while an activation awaits its health check (phase {@code activated} or
 * {@code verifying}). Then GRUB's {@code active_slot} already names the new slot, so the slot that
 * reads as passive is the one the machine runs (before the reboot) or falls back to (after it):
 * writing it would destroy the way back. Not skipped by {@code --force}.
 */
public final class PendingActivationGate implements PreflightGate {

    private final Phase phase;

    public PendingActivationGate(Phase phase) {
        this.phase = phase;
    }

    @Override
    public String name() {
        return "pending activation";
    }

    @Override
    public Decision evaluate() {
        if (phase == Phase.ACTIVATED || phase == Phase.VERIFYING) {
            return Decision.refuse(
                    name(),
                    "the update lifecycle is in phase '" + phase
                            + "', an activation awaits its health check; run healthcheck after the reboot, or rollback, first");
        }
        return Decision.allow(name(), "phase '" + phase + "'");
    }
}
