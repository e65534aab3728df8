package io.kubesolo.update.metrics;

import io.kubesolo.update.state.UpdateState;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a scrape reports, read from the device at scrape time: the update state, the boot
 * variables when the GRUB environment could be read (all four empty otherwise), the versions in
 * the two slots, whether releases are authenticated, and the record of the last check and downloads.
 *
 * @param activeSlot  the slot GRUB boots next ({@code A} or {@code B})
 * @param runningSlot the slot the running system booted from
 */
public record DeviceSnapshot(
        UpdateState state,
        Optional<String> activeSlot,
        OptionalInt bootCounter,
        Optional<Boolean> bootSuccess,
        Optional<String> runningSlot,
        Optional<String> versionA,
        Optional<String> versionB,
        boolean signatureVerification,
        LastRun lastRun) {

    /** The version in the slot the running system booted from, when both are known. */
    public Optional<String> runningVersion() {
        return runningSlot.flatMap(
                slot -> "A".equals(slot) ? versionA : "B".equals(slot) ? versionB : Optional.empty());
    }
}
