package io.kubesolo.update;

import java.util.List;
import java.util.Objects;

/**
 * A release as found on a source: its metadata, the artifacts that go into a slot, and how far
 * the source has authenticated them.
 */
public record Release(ReleaseMetadata metadata, List<Artifact> artifacts, ArtifactTrust trust) {

    /** What makes an artifact's bytes authentic, once their size and digest match. */
    public enum ArtifactTrust {
        /**
         * Nothing the source checked: with trusted keys configured, each artifact needs a valid
         * detached signature of its own (the HTTP source's {@code *_sig_url}).
         */
        OWN_SIGNATURE,
        /**
         * The source verified a signature by a trusted key over a document that names every
         * artifact's digest and size (a signed OCI manifest): bytes that match them are authentic.
         */
        SIGNED_DIGESTS
    }

    public Release {
        Objects.requireNonNull(metadata, "metadata");
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(trust, "trust");
    }

    /** A release whose artifacts carry their own signatures, when they need one. */
    public Release(ReleaseMetadata metadata, List<Artifact> artifacts) {
        this(metadata, artifacts, ArtifactTrust.OWN_SIGNATURE);
    }
}
