package io.kubesolo.update.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An image manifest (OCI or Docker v2): a config, layers, annotations. */
public record ImageManifest(
        String mediaType,
        Optional<String> artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations) implements OciDocument {

    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
    }

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }
}
