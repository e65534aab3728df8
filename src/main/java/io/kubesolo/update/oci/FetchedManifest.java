package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;

/**
 * A manifest or index as a store served it: its exact bytes (at most {@link ManifestCodec#MAX_BYTES}),
 * the media type the store declared for it (empty when it declared none), and the digest of the bytes.
 */
public record FetchedManifest(byte[] bytes, String declaredMediaType, Digest digest) {

    public static FetchedManifest of(byte[] bytes, String declaredMediaType) {
        return new FetchedManifest(bytes, declaredMediaType == null ? "" : declaredMediaType, Digest.of(bytes));
    }

    /** Checks these bytes are the ones {@code expected} describes, digest and size. */
    public void verify(Descriptor expected, String what) {
        if (!digest.equals(expected.digest()) || bytes.length != expected.size()) {
            throw new OciException(
                    OciException.Reason.TAMPERED,
                    what + " has digest " + digest + " and "
                            + bytes.length + " bytes but should have " + expected.digest() + " and " + expected.size()
                            + "; the content was altered, refusing it");
        }
    }

    /** Checks these bytes have digest {@code expected}. */
    public void verify(Digest expected, String what) {
        if (!digest.equals(expected)) {
            throw new OciException(
                    OciException.Reason.TAMPERED,
                    what + " has digest " + digest + " but should have " + expected
                            + "; the content was altered, refusing it");
        }
    }
}
