package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signature referrer of spec §6, in one place for the release side that writes it and the
 * agent that reads it: an image manifest with artifact type
 * {@code application/vnd.kubesolo.os.signature.v1}, the OCI empty config, one layer of media type
 * {@code application/vnd.kubesolo.os.signature.v1+ed25519} holding the raw 64-byte Ed25519
 * signature over the exact bytes of the signed manifest, that manifest's descriptor as
 * {@code subject}, and the signing key's id in {@code io.kubesolo.os.signature.keyid}.
 */
final class SignatureArtifact {

    /** Lowercase hex SHA-256 of the raw 32-byte public key that made the signature. */
    static final String KEY_ID = "io.kubesolo.os.signature.keyid";

    static final int SIGNATURE_BYTES = 64;

    private SignatureArtifact() {}

    /** The referrer manifest for a signature already stored as {@code signatureBlob}. */
    static ImageManifest of(Descriptor subject, Descriptor config, Descriptor signatureBlob, String keyId) {
        return new ImageManifest(
                MediaTypes.OCI_MANIFEST,
                Optional.of(MediaTypes.SIGNATURE_ARTIFACT),
                config,
                List.of(signatureBlob),
                Map.of(KEY_ID, keyId),
                Optional.of(subject));
    }

    /**
     * The descriptor of the signature layer of {@code referrer}, after checking it is a signature
     * artifact of {@code subject} as spec §6 describes.
     *
     * @throws OciException ({@link OciException.Reason#MALFORMED}) saying what is wrong with it
     */
    static Descriptor signatureLayer(ImageManifest referrer, Digest subject, String what) {
        if (!referrer.artifactType().equals(Optional.of(MediaTypes.SIGNATURE_ARTIFACT))) {
            throw ManifestCodec.malformed(
                    what,
                    "has artifactType " + referrer.artifactType().orElse("(none)") + "; expected "
                            + MediaTypes.SIGNATURE_ARTIFACT);
        }
        Digest named = referrer.subject()
                .map(Descriptor::digest)
                .orElseThrow(() -> ManifestCodec.malformed(what, "has no subject"));
        if (!named.equals(subject)) {
            throw ManifestCodec.malformed(what, "has subject " + named + ", not the signed manifest " + subject);
        }
        if (referrer.layers().size() != 1
                || !referrer.layers().get(0).mediaType().equals(MediaTypes.SIGNATURE_LAYER)) {
            throw ManifestCodec.malformed(
                    what,
                    "has " + referrer.layers().size() + " layers of types "
                            + referrer.layers().stream()
                                    .map(Descriptor::mediaType)
                                    .toList() + "; expected exactly one "
                            + MediaTypes.SIGNATURE_LAYER);
        }
        Descriptor layer = referrer.layers().get(0);
        if (layer.size() != SIGNATURE_BYTES) {
            throw ManifestCodec.malformed(
                    what,
                    "has a signature layer of " + layer.size() + " bytes; an Ed25519 signature has " + SIGNATURE_BYTES);
        }
        return layer;
    }

    /** {@code sha256:0123456789ab}: enough of a digest to tell referrers apart in messages. */
    static String shortDigest(Digest digest) {
        return digest.toString().substring(0, "sha256:".length() + 12);
    }
}
