package io.kubesolo.update.metrics;

import io.kubesolo.update.state.UpdateState;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a scrape reports, read from the device at scrape time: the update state and, when the GRUB
 * environment could be read, the boot variables and the versions in the two slots.
 */
public record DeviceSnapshot(
        UpdateState state,
        Optional<String> activeSlot,
        OptionalInt bootCounter,
        Optional<Boolean> bootSuccess,
        Optional<String> versionA,
        Optional<String> versionB,
        boolean signatureVerification) {
}
