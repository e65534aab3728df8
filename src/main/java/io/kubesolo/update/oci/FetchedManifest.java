package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index as a store served it: its exact bytes (at most {@link ManifestCodec#MAX_BYTES}),
 * the media type the store declared for it (empty when it declared none), and the digest of the bytes.
 */
public final class FetchedManifest {

    private final byte[] bytes;
    private final String declaredMediaType;
    private final Digest digest;

    private FetchedManifest(byte[] bytes, String declaredMediaType, Digest digest) {
        this.bytes = bytes;
        this.declaredMediaType = declaredMediaType;
        this.digest = digest;
    }

    public static FetchedManifest of(byte[] bytes, String declaredMediaType) {
        byte[] copy = bytes.clone();
        return new FetchedManifest(copy, declaredMediaType == null ? "" : declaredMediaType, Digest.of(copy));
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String declaredMediaType() {
        return declaredMediaType;
    }

    public Digest digest() {
        return digest;
    }

    /** Equal when the bytes are: the digest follows from them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FetchedManifest that
                && declaredMediaType.equals(that.declaredMediaType)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(declaredMediaType, digest);
    }

    @Override
    public String toString() {
        return "FetchedManifest[" + digest + ", " + bytes.length + " bytes, declared as '" + declaredMediaType + "']";
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
