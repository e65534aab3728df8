package io.kubesolo.update.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest (OCI or Docker v2): a config, layers, annotations, and for a referrer (a
 * signature, an SBOM) the {@code subject} it refers to (OCI image spec 1.1).
 */
public record ImageManifest(
        String mediaType,
        Optional<String> artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations,
        Optional<Descriptor> subject)
        implements OciDocument {

    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(subject, "subject");
    }

    /** A manifest that refers to nothing, as a release's is. */
    public ImageManifest(
            String mediaType,
            Optional<String> artifactType,
            Descriptor config,
            List<Descriptor> layers,
            Map<String, String> annotations) {
        this(mediaType, artifactType, config, layers, annotations, Optional.empty());
    }

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }
}
