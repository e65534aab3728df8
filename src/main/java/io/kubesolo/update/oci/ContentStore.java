package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where OCI content lives: a repository on a registry ({@link RegistryClient}) or an OCI image
 * layout directory ({@link OciLayout}, for air-gapped machines). Pulling and pushing releases is
 * written once against this interface.
 *
 * <p>Manifests come back size-capped and checked against every digest the store itself knows for
 * them; blobs come back as raw streams that the caller verifies ({@link VerifyingInputStream}).
 */
public interface ContentStore {

    /** For messages: "127.0.0.1:5000/kubesolo/os" or "OCI layout /media/usb/release". */
    String describe();

    /** The manifest or index a tag or {@code sha256:} digest names. */
    FetchedManifest fetchManifest(String tagOrDigest);

    /**
     * The digest of the manifest or index {@code tag} names now, when the store can tell it more
     * cheaply than by fetching it (a registry's HEAD); empty when it cannot.
     */
    default Optional<Digest> manifestDigest(String tag) {
        return Optional.empty();
    }

    /** A blob's bytes from {@code offset}, unverified; the caller closes the stream. */
    InputStream openBlob(Digest digest, long offset);

    /**
     * As {@link #openBlob(Digest, long)} for a blob whose size a manifest declares; a store that can
     * tell the size before reading (a layout) refuses a blob of another size at once.
     */
    default InputStream openBlob(Descriptor blob, long offset) {
        return openBlob(blob.digest(), offset);
    }

    /**
     * Bytes {@code [offset, offset + length)} of a blob, unverified; the stream may go on past them.
     * Empty when the store answered with the whole blob instead (a registry without range support).
     * By default the blob is opened at {@code offset}: right for local files.
     */
    default Optional<InputStream> openBlobRange(Digest digest, long offset, long length) {
        return Optional.of(openBlob(digest, offset));
    }

    /** Where a blob is, as a URI for {@link io.kubesolo.update.Artifact#location()}. */
    URI blobLocation(Digest digest);

    boolean hasBlob(Digest digest);

    /** Stores a blob whose digest and size {@code blob} declares; the content is streamed. */
    void pushBlob(Descriptor blob, BlobContent content);

    /** {@link #pushBlob} unless the store already has the blob. */
    default void pushBlobIfMissing(Descriptor blob, BlobContent content) {
        if (!hasBlob(blob.digest())) {
            pushBlob(blob, content);
        }
    }

    /** Stores a manifest or index under {@code tag}. */
    void pushManifest(byte[] manifest, String mediaType, String tag);

    /**
     * The manifests that refer to {@code subject} (OCI 1.1 referrers: signatures, SBOMs, ...), as
     * descriptors carrying their {@code artifactType} and annotations. A registry lists them through
     * the referrers API, asked to filter by {@code artifactType}, or, when it has no such API,
     * through the fallback tag ({@link ReferrersTag}); a layout through its index. The filter is a
     * hint a registry may ignore: callers check the artifact type themselves.
     */
    List<Descriptor> referrers(Digest subject, String artifactType);

    /**
     * Stores a referrer (a manifest with a {@code subject}) by its digest, untagged.
     *
     * @return whether the store indexed it under its subject itself (a registry with the referrers
     *         API); when not, the caller lists it in the fallback tag ({@link ReferrersTag#add})
     */
    boolean pushReferrer(byte[] manifest, String mediaType);
}
