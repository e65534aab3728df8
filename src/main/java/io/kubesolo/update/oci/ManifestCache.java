package io.kubesolo.update.oci;

import io.kubesolo.update.cache.CachedDocument;
import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.verify.Digest;
import java.util.Optional;

/**
 * The manifests of a release fetched through the {@link FetchCache}, so that a repeated check of
 * an unchanged tag costs one HEAD request: a tag whose manifest the last run kept is asked for its
 * digest ({@code Docker-Content-Digest}), and when that is the kept manifest's digest the kept
 * bytes serve; a manifest asked for by digest is content-addressed, and a kept one whose bytes
 * have that digest serves without any request. Everything else is fetched and kept for the next run.
 */
final class ManifestCache {

    private final ContentStore store;
    private final FetchCache cache;

    ManifestCache(ContentStore store, FetchCache cache) {
        this.store = store;
        this.cache = cache;
    }

    FetchedManifest fetch(String tagOrDigest) {
        boolean byDigest = tagOrDigest.startsWith("sha256:");
        String key = "manifest " + store.describe() + (byDigest ? "@" : ":") + tagOrDigest;
        Optional<FetchedManifest> kept =
                cache.get(key).map(document -> FetchedManifest.of(document.bytes(), document.mediaType()));
        if (kept.isPresent()) {
            Optional<Digest> current =
                    byDigest ? Optional.of(ManifestCodec.digest(tagOrDigest)) : store.manifestDigest(tagOrDigest);
            if (current.isPresent() && current.get().equals(kept.get().digest())) {
                return kept.get();
            }
        }
        FetchedManifest fetched = store.fetchManifest(tagOrDigest);
        cache.put(key, CachedDocument.of(fetched.declaredMediaType(), fetched.bytes()));
        return fetched;
    }

    /** Writes what this run fetched for the next one. */
    void save() {
        cache.save();
    }
}
