package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference to content by digest, as manifests and indexes list it: what it is, its digest,
 * its exact size, and what the referrer says about it.
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        Map<String, String> annotations,
        Optional<Platform> platform,
        Optional<String> artifactType) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(artifactType, "artifactType");
    }

    /** A plain descriptor: media type, digest and size only. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Map.of(), Optional.empty(), Optional.empty());
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, newAnnotations, platform, artifactType);
    }
}
