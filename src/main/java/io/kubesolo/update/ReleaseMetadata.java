package io.kubesolo.update;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a release says about itself, the same whichever source it came from: {@code latest.json}
 * on the HTTP source, manifest annotations on the OCI source (SPEC §4, §6). The gates read it.
 *
 * @param rolloutPercent the share of the fleet the release is offered to (docs/operations.md,
 *                       "Phased rollout"); empty = every machine
 */
public record ReleaseMetadata(
        String version,
        Optional<String> channel,
        Optional<String> minCompatibleVersion,
        Optional<String> architecture,
        Optional<String> releaseNotes,
        Optional<Instant> releaseDate,
        Optional<Instant> expires,
        Optional<RolloutPercent> rolloutPercent) {

    public ReleaseMetadata {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(minCompatibleVersion, "minCompatibleVersion");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(releaseNotes, "releaseNotes");
        Objects.requireNonNull(releaseDate, "releaseDate");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(rolloutPercent, "rolloutPercent");
    }

    /** A release offered to every machine (no rollout percentage). */
    public ReleaseMetadata(String version, Optional<String> channel, Optional<String> minCompatibleVersion,
            Optional<String> architecture, Optional<String> releaseNotes, Optional<Instant> releaseDate,
            Optional<Instant> expires) {
        this(version, channel, minCompatibleVersion, architecture, releaseNotes, releaseDate, expires, Optional.empty());
    }
}
