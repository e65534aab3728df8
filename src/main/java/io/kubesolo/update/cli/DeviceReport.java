package io.kubesolo.update.cli;

import io.kubesolo.update.UpdateException;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.slot.Slots;
import io.kubesolo.update.state.UpdateState;
import java.util.Map;
import java.util.Optional;
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
        Optional<String> bootError,
        Map<SlotName, SlotInfo> slots,
        Map<SlotName, String> slotErrors,
        boolean signatureVerification) {

    static DeviceReport read(Device device, boolean signatureVerification) {
        UpdateState state = device.stateStore().read();
        Optional<BootState> boot = Optional.empty();
        Optional<String> bootError = Optional.empty();
        try {
            boot = Optional.of(device.boot().read());
        } catch (UpdateException e) {
            bootError = Optional.of(e.getMessage());
        }
        Slots slots = new Slots(device.slotDevice(), boot.map(BootState::activeSlot).orElse(SlotName.A));
        Map<SlotName, SlotInfo> infos = new TreeMap<>();
        Map<SlotName, String> errors = new TreeMap<>();
        for (SlotName name : SlotName.values()) {
            try {
                infos.put(name, slots.inspect(name));
            } catch (UpdateException e) {
                errors.put(name, e.getMessage());
            }
        }
        return new DeviceReport(state, boot, bootError, infos, errors, signatureVerification);
    }

    Optional<String> version(SlotName slot) {
        return Optional.ofNullable(slots.get(slot)).flatMap(SlotInfo::version);
    }
}
