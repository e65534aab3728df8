package io.kubesolo.update.lifecycle;

import io.kubesolo.update.grub.BootControl;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes the staged passive slot the next boot (spec §1, §2 {@code activate}).
 *
 * <p>The state is written before the GRUB environment: if power fails between the two, the state
 * says {@code activated} while GRUB still boots the old slot, and the post-boot health check sees
 * that the booted slot does not hold the target version and records the activation as not taken.
 * The other order could leave GRUB counting down on a new slot whose boot nobody would confirm.
 * Running {@code activate} again after such a cut completes the job.
 */
public final class Activation {

    private final BootControl boot;
    private final Slots slots;
    private final StateStore store;
    private final Clock clock;

    public Activation(BootControl boot, Slots slots, StateStore store, Clock clock) {
        this.boot = boot;
        this.slots = slots;
        this.store = store;
        this.clock = clock;
    }

    /** Returns the slot that boots next. */
    public SlotName activate() {
        UpdateState state = store.read();
        SlotName target = slots.passive();
        if (state.phase() == Phase.ACTIVATED && slots.active() == targetOf(state)) {
            return slots.active();
        }
        if (state.phase() != Phase.STAGED && state.phase() != Phase.ACTIVATED) {
            throw new LifecycleException(
                    "nothing to activate: the update state is '" + state.phase() + "', not 'staged'; run apply first");
        }
        SlotInfo staged = slots.inspect(target);
        if (!staged.complete()) {
            throw new LifecycleException("nothing to activate: passive slot " + target
                    + " does not hold a complete system (kernel, initramfs and version); run apply first");
        }
        if (state.toVersion() != null && !Objects.equals(staged.version().orElse(null), state.toVersion())) {
            throw new LifecycleException("nothing to activate: passive slot " + target + " holds "
                    + staged.version().orElse("no version") + ", but the staged update is " + state.toVersion()
                    + "; run apply again");
        }
        store.write(state.activate(clock.instant()));
        boot.activate(target);
        return target;
    }

    /** The slot an activated state points at: the one holding its target version. */
    private SlotName targetOf(UpdateState state) {
        SlotName active = slots.active();
        String activeVersion = slots.inspect(active).version().orElse(null);
        return Objects.equals(activeVersion, state.toVersion()) ? active : active.other();
    }
}
