package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signs release manifests in a store (spec §6): for each, a {@link SignatureArtifact} referrer
 * holding the Ed25519 signature over the manifest's exact bytes as the store serves them. Where the
 * store indexes referrers itself (a registry with the referrers API answers {@code OCI-Subject}),
 * that is all; otherwise the referrer is added to the fallback tag {@code sha256-<hex>}, merged
 * with the entries already there.
 *
 * <p>Ed25519 is deterministic and the referrer carries no timestamp, so signing the same manifest
 * with the same key again yields the same referrer, listed once.
 */
public final class ManifestSigner {

    private final ContentStore store;
    private final SigningKey key;

    public ManifestSigner(ContentStore store, SigningKey key) {
        this.store = store;
        this.key = key;
    }

    /**
     * A manifest signed: which one (its platform when reached through an index), and the referrer.
     *
     * @param viaReferrersApi whether the store indexed the referrer itself, rather than the fallback tag
     */
    public record Signed(
            Descriptor manifest, Optional<Platform> platform, Descriptor signature, boolean viaReferrersApi) {}

    /**
     * Signs the manifest a tag names, or every image manifest of the index it names (one per
     * architecture). Entries of an index that are not image manifests are left alone.
     */
    public List<Signed> signTag(String tag) {
        Reference.checkTag(tag);
        FetchedManifest fetched = store.fetchManifest(tag);
        String what = "tag " + tag + " in " + store.describe();
        OciDocument document = ManifestCodec.parse(fetched.bytes(), fetched.declaredMediaType(), what);
        if (document instanceof ImageManifest) {
            Descriptor manifest = Descriptor.of(document.mediaType(), fetched.digest(), fetched.bytes().length);
            return List.of(sign(manifest, fetched.bytes(), Optional.empty()));
        }
        List<Signed> signed = new ArrayList<>();
        for (Descriptor entry : ((ImageIndex) document).manifests()) {
            if (MediaTypes.isManifest(entry.mediaType())) {
                signed.add(signManifest(entry));
            }
        }
        if (signed.isEmpty()) {
            throw ManifestCodec.malformed(what, "is an index without image manifests; there is nothing to sign");
        }
        return signed;
    }

    /**
     * Signs the manifest {@code manifest} describes, over its bytes as the store serves them
     * (fetched by digest and checked against the descriptor).
     */
    public Signed signManifest(Descriptor manifest) {
        String what = "manifest " + manifest.digest() + " in " + store.describe();
        if (manifest.size() > ManifestCodec.MAX_BYTES) {
            throw ManifestCodec.tooLarge(what);
        }
        FetchedManifest fetched = store.fetchManifest(manifest.digest().toString());
        fetched.verify(manifest, what);
        return sign(
                Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size()),
                fetched.bytes(),
                manifest.platform());
    }

    private Signed sign(Descriptor manifest, byte[] manifestBytes, Optional<Platform> platform) {
        if (!Digest.of(manifestBytes).equals(manifest.digest())) {
            throw new IllegalArgumentException("the bytes to sign are not those of " + manifest.digest());
        }
        byte[] signature = key.sign(manifestBytes);
        Descriptor layer = Descriptor.of(MediaTypes.SIGNATURE_LAYER, Digest.of(signature), signature.length);
        store.pushBlobIfMissing(layer, () -> new ByteArrayInputStream(signature));
        Descriptor config = Pusher.pushEmptyConfig(store);
        ImageManifest referrer = SignatureArtifact.of(
                Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size()),
                config,
                layer,
                key.publicKey().keyId());
        byte[] referrerBytes = ManifestCodec.write(referrer);
        Descriptor referrerDescriptor = new Descriptor(
                MediaTypes.OCI_MANIFEST,
                Digest.of(referrerBytes),
                referrerBytes.length,
                referrer.annotations(),
                Optional.empty(),
                referrer.artifactType());
        boolean indexed = store.pushReferrer(referrerBytes, MediaTypes.OCI_MANIFEST);
        if (!indexed) {
            ReferrersTag.add(store, manifest.digest(), referrerDescriptor);
        }
        return new Signed(manifest, platform, referrerDescriptor, indexed);
    }
}
