package io.kubesolo.update.oci;

import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.RolloutPercent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The manifest annotations a release's metadata travels in (spec §6), read by the agent and
 * written by the release side, so both always agree on the keys.
 */
public final class ReleaseAnnotations {

    public static final String VERSION = "io.kubesolo.os.version";
    public static final String CHANNEL = "io.kubesolo.os.channel";
    public static final String MIN_COMPATIBLE_VERSION = "io.kubesolo.os.min_compatible_version";
    public static final String ARCHITECTURE = "io.kubesolo.os.architecture";
    public static final String RELEASE_NOTES = "io.kubesolo.os.release_notes";
    public static final String RELEASE_DATE = "io.kubesolo.os.release_date";
    /** When the release stops being offered (RFC 3339): a signed expiry defeats a frozen or replayed tag. */
    public static final String EXPIRES = "io.kubesolo.os.expires";

    /** The share of the fleet the release is offered to, 0 to 100 (docs/operations.md, "Phased rollout"). */
    public static final String ROLLOUT_PERCENT = "io.kubesolo.os.rollout_percent";

    private ReleaseAnnotations() {}

    /**
     * Reads the metadata of a per-architecture manifest; {@code io.kubesolo.os.version} is required.
     * An informational annotation that cannot be read ({@code release_date}) goes to {@code warnings}
     * and is left out: it decides nothing, so it must not stop an update.
     */
    public static ReleaseMetadata read(Map<String, String> annotations, String what, Consumer<String> warnings) {
        String version = Optional.ofNullable(annotations.get(VERSION))
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> ManifestCodec.malformed(what, "has no " + VERSION + " annotation"));
        return new ReleaseMetadata(
                version,
                optional(annotations, CHANNEL),
                optional(annotations, MIN_COMPATIBLE_VERSION),
                optional(annotations, ARCHITECTURE),
                optional(annotations, RELEASE_NOTES),
                optional(annotations, RELEASE_DATE)
                        .flatMap(text -> ReleaseMetadata.informationalDate(text, what + " " + RELEASE_DATE, warnings)),
                date(annotations, EXPIRES, what),
                optional(annotations, ROLLOUT_PERCENT)
                        .map(text -> RolloutPercent.parse(text, what + " " + ROLLOUT_PERCENT)));
    }

    /** The annotations that carry {@code metadata}, in the order of docs/spec.md §6. */
    public static Map<String, String> write(ReleaseMetadata metadata) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(VERSION, metadata.version());
        metadata.channel().ifPresent(channel -> annotations.put(CHANNEL, channel));
        metadata.minCompatibleVersion().ifPresent(version -> annotations.put(MIN_COMPATIBLE_VERSION, version));
        metadata.architecture().ifPresent(architecture -> annotations.put(ARCHITECTURE, architecture));
        metadata.releaseNotes().ifPresent(notes -> annotations.put(RELEASE_NOTES, notes));
        metadata.releaseDate().ifPresent(date -> annotations.put(RELEASE_DATE, date.toString()));
        metadata.expires().ifPresent(expires -> annotations.put(EXPIRES, expires.toString()));
        metadata.rolloutPercent()
                .ifPresent(percent ->
                        annotations.put(ROLLOUT_PERCENT, percent.percent().toPlainString()));
        return annotations;
    }

    private static Optional<Instant> date(Map<String, String> annotations, String key, String what) {
        return Optional.ofNullable(annotations.get(key)).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw ManifestCodec.malformed(what, "has " + key + " '" + text + "', which is not an RFC 3339 date");
            }
        });
    }

    private static Optional<String> optional(Map<String, String> annotations, String key) {
        return Optional.ofNullable(annotations.get(key)).filter(value -> !value.isBlank());
    }
}
