package io.kubesolo.update.oci;

import java.util.List;

/** The media types a release is made of (spec §6) and those of the documents that hold it. */
public final class MediaTypes {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /**
     * What we send in {@code Accept} when fetching a manifest. distribution answers 404 to a
     * manifest whose type is not listed, even when asked by digest.
     */
    public static final List<String> MANIFEST_TYPES =
            List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

    public static final String KERNEL = "application/vnd.kubesolo.os.kernel.v1+octet-stream";
    public static final String INITRAMFS = "application/vnd.kubesolo.os.initramfs.v1+gzip";
    public static final String UPDATE_ARTIFACT = "application/vnd.kubesolo.os.update.v1";
    public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    /** The artifact type of a signature referrer (spec §6, signatures on the OCI source). */
    public static final String SIGNATURE_ARTIFACT = "application/vnd.kubesolo.os.signature.v1";
    /** The one layer of a signature referrer: the raw 64-byte Ed25519 signature over the subject's bytes. */
    public static final String SIGNATURE_LAYER = "application/vnd.kubesolo.os.signature.v1+ed25519";

    private MediaTypes() {}

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }
}
