package io.kubesolo.update.lifecycle;

import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.time.Clock;

/**
 * Points the next boot back at the other slot (SPEC §2 {@code rollback}, and the forced fallback
 * of {@code healthcheck --auto-rollback-after}). Refuses when the other slot does not hold a
 * complete system: pointing GRUB at an empty slot is the one way to brick the machine.
 *
 * <p>The state is written first, so that a power cut between the two writes leaves a state that
 * says {@code rolled_back} and a GRUB environment a rerun of the command then points back.
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
        SlotName target = slots.passive();
        SlotInfo fallback = slots.inspect(target);
        if (!fallback.complete()) {
            throw new LifecycleException("cannot roll back: slot " + target
                    + " does not hold a complete system (kernel, initramfs and version)");
        }
        UpdateState state = store.read();
        store.write(state.rollBack(reason, clock.instant()));
        boot.pointAt(target);
        return target;
    }
}
