package io.kubesolo.update;

import java.time.Instant;
import java.util.Optional;

/** Release metadata for tests: a version, and only the fields a test cares about. */
public final class ReleaseMetadataBuilder {

    private final String version;
    private Optional<String> channel = Optional.empty();
    private Optional<String> minCompatibleVersion = Optional.empty();
    private Optional<String> architecture = Optional.empty();
    private Optional<String> releaseNotes = Optional.empty();
    private Optional<Instant> releaseDate = Optional.empty();
    private Optional<Instant> expires = Optional.empty();
    private Optional<RolloutPercent> rolloutPercent = Optional.empty();

    private ReleaseMetadataBuilder(String version) {
        this.version = version;
    }

    public static ReleaseMetadataBuilder version(String version) {
        return new ReleaseMetadataBuilder(version);
    }

    /** A copy of {@code metadata} to change a field of. */
    public static ReleaseMetadataBuilder from(ReleaseMetadata metadata) {
        ReleaseMetadataBuilder builder = new ReleaseMetadataBuilder(metadata.version());
        builder.channel = metadata.channel();
        builder.minCompatibleVersion = metadata.minCompatibleVersion();
        builder.architecture = metadata.architecture();
        builder.releaseNotes = metadata.releaseNotes();
        builder.releaseDate = metadata.releaseDate();
        builder.expires = metadata.expires();
        builder.rolloutPercent = metadata.rolloutPercent();
        return builder;
    }

    public ReleaseMetadataBuilder channel(String channel) {
        this.channel = Optional.of(channel);
        return this;
    }

    public ReleaseMetadataBuilder minCompatibleVersion(Optional<String> minCompatibleVersion) {
        this.minCompatibleVersion = minCompatibleVersion;
        return this;
    }

    public ReleaseMetadataBuilder architecture(String architecture) {
        this.architecture = Optional.of(architecture);
        return this;
    }

    public ReleaseMetadataBuilder releaseNotes(String releaseNotes) {
        this.releaseNotes = Optional.of(releaseNotes);
        return this;
    }

    public ReleaseMetadataBuilder releaseDate(Instant releaseDate) {
        this.releaseDate = Optional.of(releaseDate);
        return this;
    }

    public ReleaseMetadataBuilder expires(Optional<Instant> expires) {
        this.expires = expires;
        return this;
    }

    public ReleaseMetadataBuilder rolloutPercent(Optional<RolloutPercent> rolloutPercent) {
        this.rolloutPercent = rolloutPercent;
        return this;
    }

    public ReleaseMetadata build() {
        return new ReleaseMetadata(
                version,
                channel,
                minCompatibleVersion,
                architecture,
                releaseNotes,
                releaseDate,
                expires,
                rolloutPercent);
    }
}
