package io.kubesolo.update.policy;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the release gates compare a release against, resolved from flags, update.conf and the
 * device (flag > update.conf > default).
 *
 * @param channel        the channel this device follows; empty = any
 * @param architecture   this machine's architecture in Go's names
 * @param running        the version in the active slot; empty when it has no version file
 * @param force          {@code --force}: skip the maintenance window and the node block label
 * @param allowDowngrade {@code --allow-downgrade}
 * @param reinstall      {@code --reinstall}: stage the running version again
 * @param allowExpired   {@code --allow-expired}: take a release past its expiry (a clock known to be wrong)
 * @param machineId      what this machine's rollout bucket is computed from, read when a release needs it
 * @param ignoreRollout  {@code --ignore-rollout}: take a release whatever its rollout percentage
 */
public record GateSettings(
        Optional<String> channel,
        String architecture,
        Optional<Version> running,
        boolean force,
        boolean allowDowngrade,
        boolean reinstall,
        boolean allowExpired,
        Supplier<MachineId> machineId,
        boolean ignoreRollout) {}
