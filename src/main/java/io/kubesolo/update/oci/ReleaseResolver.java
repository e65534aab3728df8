package io.kubesolo.update.oci;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Follows a tag to the image manifest for this machine: directly when the tag names a manifest,
 * through the entry for {@code linux/<architecture>} when it names an index. Every manifest is
 * checked against the descriptor or digest it was reached by, and refused when its architecture
 * annotation names another architecture.
 */
final class ReleaseResolver {

    private final ContentStore store;
    private final String architecture;
    private final ManifestCache manifests;

    /** @param manifests how manifests of {@code store} are fetched: through the last run's copies */
    ReleaseResolver(ContentStore store, String architecture, ManifestCache manifests) {
        this.store = store;
        this.architecture = architecture;
        this.manifests = manifests;
    }

    /** A manifest, its exact bytes as fetched (what a signature covers), and how it was reached. */
    record Resolved(ImageManifest manifest, FetchedManifest fetched, String what) {}

    Resolved resolve(String tag) {
        String what = "release " + tag + " in " + store.describe();
        FetchedManifest fetched = manifests.fetch(tag);
        OciDocument document = ManifestCodec.parse(fetched.bytes(), fetched.declaredMediaType(), "manifest of " + what);
        if (document instanceof ImageManifest imageManifest) {
            return checked(imageManifest, fetched, what);
        }
        Descriptor entry = pick((ImageIndex) document, what);
        String entryWhat =
                "the " + entry.platform().map(Platform::toString).orElse(architecture) + " manifest of " + what;
        if (!MediaTypes.isManifest(entry.mediaType())) {
            throw ManifestCodec.malformed(
                    entryWhat, "has media type " + entry.mediaType() + "; expected an image manifest");
        }
        if (entry.size() > ManifestCodec.MAX_BYTES) {
            throw ManifestCodec.tooLarge(entryWhat);
        }
        FetchedManifest child = manifests.fetch(entry.digest().toString());
        child.verify(entry, entryWhat);
        return checked(ManifestCodec.parseManifest(child.bytes(), entry.mediaType(), entryWhat), child, entryWhat);
    }

    private Descriptor pick(ImageIndex index, String what) {
        List<Descriptor> matching = index.manifests().stream()
                .filter(entry -> entry.platform()
                        .map(platform -> platform.runsOn(architecture))
                        .orElse(false))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            String available = index.manifests().stream()
                    .map(entry -> entry.platform().map(Platform::toString).orElse("(no platform)"))
                    .distinct()
                    .collect(Collectors.joining(", "));
            throw new OciException(
                    OciException.Reason.NO_PLATFORM,
                    what + " has no manifest for linux/" + architecture + "; it has "
                            + (available.isEmpty() ? "none" : available));
        }
        return matching.get(0);
    }

    private Resolved checked(ImageManifest manifest, FetchedManifest fetched, String what) {
        manifest.annotation(ReleaseAnnotations.ARCHITECTURE)
                .filter(annotated -> !annotated.equals(architecture))
                .ifPresent(annotated -> {
                    throw new OciException(
                            OciException.Reason.NO_PLATFORM,
                            what + " is for " + annotated + " but this machine is " + architecture);
                });
        return new Resolved(manifest, fetched, what);
    }
}
