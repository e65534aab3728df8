package io.kubesolo.update.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An image index (OCI, or the Docker manifest list): one manifest per platform. */
public record ImageIndex(String mediaType, List<Descriptor> manifests, Map<String, String> annotations)
        implements OciDocument {

    public ImageIndex {
        Objects.requireNonNull(mediaType, "mediaType");
        manifests = List.copyOf(manifests);
        annotations = Map.copyOf(annotations);
    }
}
