package io.kubesolo.update.oci;

import io.kubesolo.update.verify.TrustedKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a manifest carries a valid signature by a trusted key (spec §6): lists its referrers
 * of artifact type {@code application/vnd.kubesolo.os.signature.v1} ({@link ContentStore#referrers}),
 * fetches each signature referrer and its 64-byte signature blob (both checked against their
 * descriptors), and verifies the signature over the manifest's exact bytes as fetched.
 *
 * <p>The key id annotation picks the key: a signature naming a trusted key is checked under that
 * key alone, one naming an untrusted key is skipped, one naming none is tried under every trusted
 * key. One valid signature suffices. A missing, malformed or invalid signature is a refusal
 * ({@link OciException.Reason#UNSIGNED}); a store that cannot be reached is a failure. Only
 * metadata is downloaded: referrer manifests and 64-byte signature blobs.
 */
final class ManifestAuthenticator {

    /**
     * Bytes of signature referrers fetched, at most: a hostile store could list thousands. A budget
     * of bytes, not a count: 17 bogus signatures naming the trusted key must not hide the genuine
     * 18th, and each referrer costs at least {@link #MIN_COST} (a request) against it.
     */
    static final long MAX_SIGNATURE_BYTES = 1024 * 1024;

    static final long MIN_COST = 1024;
    /** Reasons quoted in a refusal, at most; the rest are counted. */
    private static final int MAX_REASONS = 8;

    private final ContentStore store;
    private final TrustedKeys keys;

    ManifestAuthenticator(ContentStore store, TrustedKeys keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("authenticating manifests needs at least one trusted key");
        }
        this.store = store;
        this.keys = keys;
    }

    /**
     * Returns the trusted key whose signature over {@code manifest} is valid.
     *
     * @param what the manifest, for messages: "release stable in r.io/kubesolo/os"
     * @throws OciException {@link OciException.Reason#UNSIGNED} (REFUSED) naming every signature
     *                      found and why it did not count
     */
    TrustedKey authenticate(FetchedManifest manifest, String what) {
        List<Descriptor> signatures = store.referrers(manifest.digest(), MediaTypes.SIGNATURE_ARTIFACT).stream()
                .filter(referrer -> referrer.artifactType()
                        .map(MediaTypes.SIGNATURE_ARTIFACT::equals)
                        .orElse(true))
                .sorted(Comparator.comparingInt(this::preference))
                .toList();
        if (signatures.isEmpty()) {
            throw new OciException(
                    OciException.Reason.UNSIGNED,
                    what + " is not signed: manifest " + manifest.digest()
                            + " has no " + MediaTypes.SIGNATURE_ARTIFACT
                            + " referrer, and trusted keys are configured ("
                            + keys.describe() + ")");
        }
        List<String> rejected = new ArrayList<>();
        long budget = MAX_SIGNATURE_BYTES;
        for (Descriptor signature : signatures) {
            if (preference(signature) == 2) {
                rejected.add("signature " + SignatureArtifact.shortDigest(signature.digest()) + " is by key "
                        + shortKeyId(signature.annotations().get(SignatureArtifact.KEY_ID)) + ", which is not trusted");
                continue; // never fetched: it could not count
            }
            budget -= Math.max(MIN_COST, signature.size());
            if (budget < 0) {
                rejected.add("further signatures not examined (over " + MAX_SIGNATURE_BYTES + " bytes of referrers)");
                break;
            }
            Optional<TrustedKey> signer = check(signature, manifest, rejected);
            if (signer.isPresent()) {
                return signer.get();
            }
        }
        throw new OciException(
                OciException.Reason.UNSIGNED,
                what + " has no valid signature by a trusted key (" + keys.describe() + "): " + summary(rejected));
    }

    private static String summary(List<String> rejected) {
        if (rejected.size() <= MAX_REASONS) {
            return String.join("; ", rejected);
        }
        return String.join("; ", rejected.subList(0, MAX_REASONS)) + "; and " + (rejected.size() - MAX_REASONS)
                + " more";
    }

    /** Signatures naming a trusted key first, then those naming none, then those naming another key. */
    private int preference(Descriptor signature) {
        Optional<String> keyId = Optional.ofNullable(signature.annotations().get(SignatureArtifact.KEY_ID));
        return keyId.isEmpty() ? 1 : keys.byKeyId(keyId.get()).isPresent() ? 0 : 2;
    }

    /** The key {@code signature} is valid under, or empty with the reason added to {@code rejected}. */
    private Optional<TrustedKey> check(Descriptor signature, FetchedManifest manifest, List<String> rejected) {
        String name = "signature " + SignatureArtifact.shortDigest(signature.digest());
        String what = "signature referrer " + signature.digest() + " in " + store.describe();
        byte[] signatureBytes;
        Optional<String> keyId;
        try {
            if (signature.size() > ManifestCodec.MAX_BYTES) {
                throw ManifestCodec.tooLarge(what);
            }
            FetchedManifest fetched = store.fetchManifest(signature.digest().toString());
            fetched.verify(signature, what);
            ImageManifest referrer = ManifestCodec.parseManifest(fetched.bytes(), signature.mediaType(), what);
            keyId = referrer.annotation(SignatureArtifact.KEY_ID)
                    .or(() -> Optional.ofNullable(signature.annotations().get(SignatureArtifact.KEY_ID)));
            if (keyId.isPresent() && keys.byKeyId(keyId.get()).isEmpty()) {
                rejected.add(name + " is by key " + shortKeyId(keyId.get()) + ", which is not trusted");
                return Optional.empty();
            }
            Descriptor layer = SignatureArtifact.signatureLayer(referrer, manifest.digest(), what);
            signatureBytes = readSignature(layer, what);
        } catch (OciException e) {
            if (e.reason() != OciException.Reason.MALFORMED
                    && e.reason() != OciException.Reason.TAMPERED
                    && e.reason() != OciException.Reason.NOT_FOUND) {
                throw e;
            }
            rejected.add(name + " is unusable: " + e.getMessage());
            return Optional.empty();
        }
        List<TrustedKey> candidates =
                keyId.map(id -> List.of(keys.byKeyId(id).orElseThrow())).orElse(keys.keys());
        Optional<TrustedKey> signer = candidates.stream()
                .filter(key -> key.verifies(manifest.bytes(), signatureBytes))
                .findFirst();
        if (signer.isEmpty()) {
            rejected.add(name + (keyId.isPresent() ? " by key " + shortKeyId(keyId.get()) : " (no key id)")
                    + " does not verify over the manifest's bytes");
        }
        return signer;
    }

    private byte[] readSignature(Descriptor layer, String what) {
        String blobWhat = "signature blob " + layer.digest() + " of " + what;
        try (InputStream in = VerifyingInputStream.whole(store.openBlob(layer, 0), layer, blobWhat)) {
            return in.readAllBytes(); // at most 64 bytes: the stream fails past the declared size
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.UNREACHABLE, "cannot read " + blobWhat + ": " + e.getMessage(), e);
        }
    }

    private static String shortKeyId(String keyId) {
        return keyId.length() > 16 ? keyId.substring(0, 16) : keyId;
    }
}
