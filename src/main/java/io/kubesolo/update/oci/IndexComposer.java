package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Composes a multi-architecture release: an image index under one tag ({@code stable}) listing
 * per-architecture manifests already in the store, each placed by its
 * {@code io.kubesolo.os.architecture} annotation as {@code linux/<architecture>}.
 */
public final class IndexComposer {

    private final ContentStore store;

    public IndexComposer(ContentStore store) {
        this.store = store;
    }

    /** Pushes an index of the manifests tagged {@code fromTags} under {@code tag}; returns its descriptor. */
    public Descriptor compose(String tag, List<String> fromTags) {
        Reference.checkTag(tag);
        if (fromTags.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one manifest");
        }
        List<Descriptor> entries = new ArrayList<>();
        for (String from : fromTags) {
            Descriptor entry = entry(Reference.checkTag(from));
            Optional<Descriptor> clash = entries.stream()
                    .filter(other -> other.platform().equals(entry.platform()))
                    .findFirst();
            if (clash.isPresent()) {
                throw new OciException(
                        OciException.Reason.MALFORMED,
                        "cannot compose index " + tag + ": " + from + " and another manifest are both for "
                                + entry.platform().orElseThrow());
            }
            entries.add(entry);
        }
        byte[] bytes = ManifestCodec.write(new ImageIndex(MediaTypes.OCI_INDEX, entries, Map.of()));
        store.pushManifest(bytes, MediaTypes.OCI_INDEX, tag);
        return Descriptor.of(MediaTypes.OCI_INDEX, Digest.of(bytes), bytes.length);
    }

    private Descriptor entry(String from) {
        String what = "manifest " + from + " in " + store.describe();
        FetchedManifest fetched = store.fetchManifest(from);
        ImageManifest manifest = ManifestCodec.parseManifest(fetched.bytes(), fetched.declaredMediaType(), what);
        String architecture = manifest.annotation(ReleaseAnnotations.ARCHITECTURE)
                .orElseThrow(() -> ManifestCodec.malformed(
                        what, "has no " + ReleaseAnnotations.ARCHITECTURE + " annotation to place it by"));
        Platform platform = new Platform(
                "linux", architecture, "arm64".equals(architecture) ? Optional.of("v8") : Optional.empty());
        return new Descriptor(
                manifest.mediaType(),
                fetched.digest(),
                fetched.bytes().length,
                Map.of(),
                Optional.of(platform),
                manifest.artifactType());
    }
}
