package io.kubesolo.update;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a release says about itself, the same whichever source it came from: {@code latest.json}
 * on the HTTP source, manifest annotations on the OCI source (spec §4, §6). The gates read it.
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

    /**
     * An informational date ({@code release_date}): RFC 3339, or a calendar date alone
     * ({@code 2026-02-20}, read as midnight UTC). Anything else is reported to {@code warnings}
     * and read as absent: a field that decides nothing must not stop an update.
     */
    public static Optional<Instant> informationalDate(String text, String what, Consumer<String> warnings) {
        String value = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notDateTime) {
            try {
                return Optional.of(
                        LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notDate) {
                warnings.accept(what + " '" + text + "' is not an RFC 3339 date; ignoring it");
                return Optional.empty();
            }
        }
    }
}
