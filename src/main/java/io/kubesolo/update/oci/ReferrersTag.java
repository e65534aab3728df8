package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The referrers tag schema of OCI distribution spec 1.1, for stores without the referrers API (the
 * CNCF distribution 2.8 server, OCI layout directories): the referrers of {@code sha256:<hex>} are
 * listed in an image index tagged {@code sha256-<hex>}, one descriptor per referrer manifest with
 * its {@code artifactType} and annotations. Writers merge: they read the index, add their entry and
 * push it back, keeping every entry someone else put there.
 */
final class ReferrersTag {

    /** Referrers the tag may list before we refuse to add more: a hostile store could list millions. */
    static final int MAX_ENTRIES = 1000;

    private ReferrersTag() {}

    /** {@code sha256-<hex>}: the tag listing the referrers of {@code subject}. */
    static String of(Digest subject) {
        return "sha256-" + subject.hex();
    }

    /** The referrers the fallback tag lists; none when the tag does not exist. */
    static List<Descriptor> read(ContentStore store, Digest subject) {
        String tag = of(subject);
        FetchedManifest fetched;
        try {
            fetched = store.fetchManifest(tag);
        } catch (OciException e) {
            if (e.reason() == OciException.Reason.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        String what = "referrers tag " + tag + " in " + store.describe();
        OciDocument document = ManifestCodec.parse(fetched.bytes(), fetched.declaredMediaType(), what);
        if (!(document instanceof ImageIndex imageIndex)) {
            // What skopeo copy leaves when told to copy the index without --all: one of its entries.
            throw ManifestCodec.malformed(
                    what,
                    "is not an image index; it cannot list referrers (an index copied without all its"
                            + " entries? skopeo copy needs --all for it, see docs/signatures.md)");
        }
        return imageIndex.manifests();
    }

    /**
     * Adds {@code referrer} to the fallback tag of {@code subject}, keeping every other entry (an
     * entry with the same digest is replaced, so signing twice lists the signature once).
     */
    static void add(ContentStore store, Digest subject, Descriptor referrer) {
        List<Descriptor> entries = new ArrayList<>();
        for (Descriptor existing : read(store, subject)) {
            if (!existing.digest().equals(referrer.digest())) {
                entries.add(existing);
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            throw new OciException(
                    OciException.Reason.MALFORMED,
                    "referrers tag " + of(subject) + " in " + store.describe() + " already lists " + entries.size()
                            + " referrers; refusing to add more");
        }
        entries.add(referrer);
        byte[] index = ManifestCodec.write(new ImageIndex(MediaTypes.OCI_INDEX, entries, Map.of()));
        store.pushManifest(index, MediaTypes.OCI_INDEX, of(subject));
    }
}
