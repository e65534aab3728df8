package io.kubesolo.update.cli;

import io.kubesolo.update.UpdateException;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.BootedSlot;
import io.kubesolo.update.metrics.DeviceSnapshot;
import io.kubesolo.update.metrics.LastRun;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything {@code status} and {@code metrics} report, read once from the device. A damaged part
 * (an invalid GRUB environment, a slot that cannot be mounted) is reported as an error next to
 * the parts that could be read, never instead of them: status is what an operator runs when
 * something is wrong.
 */
record DeviceReport(
        UpdateState state,
        Optional<BootState> boot,
        Optional<BootedSlot> booted,
        Optional<String> bootError,
        Map<SlotName, SlotInfo> slots,
        Map<SlotName, String> slotErrors,
        boolean signatureVerification) {

    static DeviceReport read(Device device, boolean signatureVerification) {
        return read(device, signatureVerification, Optional.empty());
    }

    /**
     * As {@link #read(Device, boolean)}, but takes the slot readings from {@code previous} instead of
     * opening the slots again when nothing can have changed them, for a process that reports again
     * and again (the metrics server). On the block backend every reading mounts both partitions,
     * and a slot mounted for reading at the moment {@code apply} opens it for writing makes the apply
     * fail. So the slots are read again only when the state or the boot variables changed (slots
     * change through apply, activate, rollback and reboots, which all change one of them), and never
     * while an update is being checked or downloaded.
     */
    static DeviceReport read(Device device, boolean signatureVerification, Optional<DeviceReport> previous) {
        UpdateState state = device.stateStore().read();
        Optional<BootState> boot = Optional.empty();
        Optional<BootedSlot> booted = Optional.empty();
        Optional<String> bootError = Optional.empty();
        try {
            boot = Optional.of(device.boot().read());
            booted = Optional.of(BootedSlot.of(device.root(), boot.get()));
        } catch (UpdateException e) {
            bootError = Optional.of(e.getMessage());
        }
        if (previous.isPresent()
                && previous.get().slotErrors().isEmpty()
                && (updateInFlight(state)
                        || (previous.get().state().equals(state)
                                && previous.get().boot().equals(boot)))) {
            return new DeviceReport(
                    state, boot, booted, bootError, previous.get().slots(), Map.of(), signatureVerification);
        }
        Slots slots =
                new Slots(device.slotDevice(), boot.map(BootState::activeSlot).orElse(SlotName.A));
        Map<SlotName, SlotInfo> infos = new TreeMap<>();
        Map<SlotName, String> errors = new TreeMap<>();
        for (SlotName name : SlotName.values()) {
            try {
                infos.put(name, slots.inspect(name));
            } catch (UpdateException e) {
                errors.put(name, e.getMessage());
            }
        }
        return new DeviceReport(state, boot, booted, bootError, infos, errors, signatureVerification);
    }

    private static boolean updateInFlight(UpdateState state) {
        return state.phase() == Phase.CHECKING || state.phase() == Phase.DOWNLOADING;
    }

    /** What a scrape reports: this report with the record of the last check and downloads. */
    DeviceSnapshot snapshot(LastRun lastRun) {
        return new DeviceSnapshot(
                state,
                boot.map(variables -> variables.activeSlot().name()),
                boot.map(variables -> OptionalInt.of(variables.bootCounter())).orElse(OptionalInt.empty()),
                boot.map(BootState::bootSuccess),
                booted.map(slot -> slot.slot().name()),
                version(SlotName.A),
                version(SlotName.B),
                signatureVerification,
                lastRun);
    }

    Optional<String> version(SlotName slot) {
        return Optional.ofNullable(slots.get(slot)).flatMap(SlotInfo::version);
    }
}
