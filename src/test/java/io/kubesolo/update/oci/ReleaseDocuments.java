package io.kubesolo.update.oci;

import java.util.ArrayList;
import java.util.List;

/**
 * Manifest and index JSON written by hand against the OCI image spec and spec §6, independent of
 * {@link ManifestCodec}, for releases our code did not produce.
 */
final class ReleaseDocuments {

    static final String EMPTY_CONFIG_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private ReleaseDocuments() {}

    static String kernelLayer(CurlPublisher.Blob blob) {
        return blob.descriptor(MediaTypes.KERNEL);
    }

    static String initramfsLayer(CurlPublisher.Blob blob) {
        return blob.descriptor(MediaTypes.INITRAMFS);
    }

    /** An OCI artifact manifest with the empty config, the given layers and release annotations. */
    static String artifactManifest(String version, String architecture, String... layers) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.kubesolo.os.update.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + EMPTY_CONFIG_DIGEST + "\",\"size\":2},"
                + "\"layers\":[" + String.join(",", layers) + "],"
                + annotations(version, architecture) + "}";
    }

    static String annotations(String version, String architecture) {
        List<String> entries = new ArrayList<>(List.of(
                "\"io.kubesolo.os.version\":\"" + version + "\"",
                "\"io.kubesolo.os.channel\":\"stable\"",
                "\"io.kubesolo.os.min_compatible_version\":\"v0.2.0\"",
                "\"io.kubesolo.os.release_notes\":\"Fixes\"",
                "\"io.kubesolo.os.release_date\":\"2026-11-01T12:00:00Z\""));
        if (architecture != null) {
            entries.add("\"io.kubesolo.os.architecture\":\"" + architecture + "\"");
        }
        return "\"annotations\":{" + String.join(",", entries) + "}";
    }

    /** An index entry: {@code variant} may be null. */
    static String indexEntry(String mediaType, String digest, long size, String architecture, String variant) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture + "\""
                + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
    }

    static String index(String mediaType, String... entries) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[" + String.join(",", entries)
                + "]}";
    }
}
