package io.kubesolo.update.lifecycle;

import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Points the next boot back at the other slot (spec §2 {@code rollback}, and the forced fallback
 * of {@code healthcheck --auto-rollback-after}). Refuses when the other slot does not hold a
 * complete system: pointing GRUB at an empty slot is the one way to brick the machine.
 *
 * <p>The state is written first, then the GRUB environment. A rollback goes away from the update's
 * version ({@code to_version}) when exactly one slot holds it, so running it again is harmless: after
 * a power cut between the two writes, the state says {@code rolled_back} while GRUB still boots the
 * version rolled back from, and a rerun (or the next {@code healthcheck}, see
 * {@link #isInterrupted}) points GRUB away from it; after a completed rollback, a rerun points GRUB
 * where it already points. (Toggling to "the other slot" whatever the state says would undo a
 * completed rollback when the command is retried.) Without such a version it goes to the passive slot.
 */
public final class Rollback {

    public static final String MANUAL = "manual rollback";

    private final BootControl boot;
    private final Slots slots;
    private final StateStore store;
    private final Clock clock;

    public Rollback(BootControl boot, Slots slots, StateStore store, Clock clock) {
        this.boot = boot;
        this.slots = slots;
        this.store = store;
        this.clock = clock;
    }

    /** Returns the slot that boots next. */
    public SlotName rollBack(String reason) {
        UpdateState state = store.read();
        SlotName target = holderOf(state.toVersion()).map(SlotName::other).orElse(slots.passive());
        SlotInfo fallback = slots.inspect(target);
        if (!fallback.complete()) {
            throw new LifecycleException("cannot roll back: slot " + target
                    + " does not hold a complete system (kernel, initramfs and version)");
        }
        if (state.phase() != Phase.ROLLED_BACK) {
            store.write(state.rollBack(reason, clock.instant()));
        }
        boot.pointAt(target);
        return target;
    }

    /**
     * Whether {@code state} records a rollback GRUB does not follow: the state says
     * {@code rolled_back}, yet GRUB boots the one slot holding the version rolled back from and the
     * other slot is complete. A power cut between the two writes of {@link #rollBack} leaves this.
     */
    public boolean isInterrupted(UpdateState state) {
        return state.phase() == Phase.ROLLED_BACK
                && holderOf(state.toVersion())
                        .filter(holder -> holder == slots.active())
                        .isPresent()
                && slots.inspect(slots.passive()).complete();
    }

    /** The one slot that completely holds {@code version}; empty when none or both do. */
    private Optional<SlotName> holderOf(String version) {
        if (version == null) {
            return Optional.empty();
        }
        List<SlotName> holders = Stream.of(SlotName.values())
                .filter(slot -> {
                    SlotInfo info = slots.inspect(slot);
                    return info.complete() && version.equals(info.version().orElse(null));
                })
                .toList();
        return holders.size() == 1 ? Optional.of(holders.get(0)) : Optional.empty();
    }
}
