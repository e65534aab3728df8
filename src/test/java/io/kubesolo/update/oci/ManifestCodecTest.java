package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.verify.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    private static final String KERNEL_DIGEST = "sha256:" + "a".repeat(64);
    private static final String LAYER =
            "{\"mediaType\":\"" + MediaTypes.KERNEL + "\",\"digest\":\"" + KERNEL_DIGEST + "\",\"size\":5}";
    private static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
            + ReleaseDocuments.EMPTY_CONFIG_DIGEST + "\",\"size\":2}";

    private static OciDocument parse(String json) {
        return ManifestCodec.parse(json.getBytes(StandardCharsets.UTF_8), "", "manifest stable");
    }

    private static String manifest(String layers) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + CONFIG
                + ",\"layers\":" + layers + "}";
    }

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.MALFORMED))
                .hasMessage(message);
    }

    @Test
    void readsAManifestAndWritesItBackToTheSameDocument() {
        ImageManifest manifest = (ImageManifest) parse(manifest("[" + LAYER + "]")
                .replace("}]}", "}],\"annotations\":{\"io.kubesolo.os.version\":\"v1.0.0\"}}"));

        assertThat(manifest.layers()).containsExactly(Descriptor.of(MediaTypes.KERNEL, Digest.parse(KERNEL_DIGEST), 5));
        assertThat(manifest.annotations()).containsEntry("io.kubesolo.os.version", "v1.0.0");
        assertThat(ManifestCodec.parse(ManifestCodec.write(manifest), "", "again"))
                .isEqualTo(manifest);
    }

    @Test
    void readsAnIndexWithPlatforms() {
        ImageIndex index = (ImageIndex) parse(ReleaseDocuments.index(
                MediaTypes.OCI_INDEX,
                ReleaseDocuments.indexEntry(MediaTypes.OCI_MANIFEST, KERNEL_DIGEST, 7, "arm64", "v8")));

        assertThat(index.manifests().get(0).platform()).contains(new Platform("linux", "arm64", Optional.of("v8")));
        assertThat(ManifestCodec.parse(ManifestCodec.write(index), "", "again")).isEqualTo(index);
    }

    @Test
    void writesAnnotationsSortedSoTheSameReleaseHasTheSameDigest() {
        ImageIndex a = new ImageIndex(MediaTypes.OCI_INDEX, List.of(), Map.of("b", "2", "a", "1", "c", "3"));
        ImageIndex b = new ImageIndex(MediaTypes.OCI_INDEX, List.of(), Map.of("c", "3", "a", "1", "b", "2"));

        assertThat(new String(ManifestCodec.write(a), StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
                        + "\",\"manifests\":[],\"annotations\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}");
        assertThat(ManifestCodec.write(a)).isEqualTo(ManifestCodec.write(b));
    }

    @Test
    void takesTheMediaTypeFromTheServerWhenTheDocumentHasNone() {
        String json = manifest("[" + LAYER + "]").replace("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",", "");

        assertThat(ManifestCodec.parse(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, "m"))
                .isInstanceOf(ImageManifest.class);
        assertMalformed(json, "manifest stable has no mediaType");
    }

    @Test
    void refusesMalformedJson() {
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,"))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.MALFORMED))
                .hasMessageStartingWith("manifest stable is not valid JSON (");
        assertMalformed("[1,2]", "manifest stable is not a JSON object");
    }

    @Test
    void refusesAWrongMediaType() {
        assertMalformed(
                manifest("[" + LAYER + "]")
                        .replace(MediaTypes.OCI_MANIFEST, "application/vnd.oci.image.config.v1+json"),
                "manifest stable has media type application/vnd.oci.image.config.v1+json, which is neither an image manifest nor an index");
        assertThatThrownBy(() -> ManifestCodec.parse(
                        manifest("[" + LAYER + "]").getBytes(StandardCharsets.UTF_8),
                        MediaTypes.OCI_INDEX,
                        "manifest stable"))
                .hasMessage("manifest stable says it is " + MediaTypes.OCI_MANIFEST + " but was served as "
                        + MediaTypes.OCI_INDEX);
    }

    @Test
    void refusesAWrongSchemaVersion() {
        assertMalformed(
                manifest("[" + LAYER + "]").replace("\"schemaVersion\":2", "\"schemaVersion\":1"),
                "manifest stable has schemaVersion 1; expected 2");
    }

    @Test
    void refusesADocumentOverFourMebibytes() {
        String padding = " ".repeat(ManifestCodec.MAX_BYTES);
        assertMalformed(
                manifest("[" + LAYER + "]") + padding, "manifest stable is larger than 4 MiB; refusing to read it");
    }

    @Test
    void refusesMissingOrEmptyLayersAndAMissingConfig() {
        assertMalformed(
                manifest("[" + LAYER + "]").replace(",\"layers\":[" + LAYER + "]", ""),
                "manifest stable has no layers array");
        assertMalformed(manifest("[]"), "manifest stable has an empty layers array");
        assertMalformed(
                manifest("[" + LAYER + "]").replace("\"config\":" + CONFIG + ",", ""), "manifest stable has no config");
    }

    @Test
    void refusesADigestOfTheWrongForm() {
        assertMalformed(
                manifest("[" + LAYER.replace(KERNEL_DIGEST, "sha256:abc") + "]"),
                "manifest stable layers[0] has a bad digest: 'abc' is not a SHA-256 digest: expected 64 lowercase hex digits");
        assertMalformed(
                manifest("[" + LAYER.replace(KERNEL_DIGEST, "sha512:" + "a".repeat(128)) + "]"),
                "manifest stable layers[0] has a bad digest: digest 'sha512:" + "a".repeat(70)
                        + "...' uses algorithm 'sha512'; only sha256 is supported");
        assertMalformed(
                manifest("[" + LAYER.replace(KERNEL_DIGEST, KERNEL_DIGEST.toUpperCase(Locale.ROOT)) + "]"),
                "manifest stable layers[0] has a bad digest: digest '" + KERNEL_DIGEST.toUpperCase(Locale.ROOT)
                        + "' uses algorithm 'SHA256'; only sha256 is supported");
    }

    @Test
    void refusesASizeThatIsNotANonNegativeInteger() {
        assertMalformed(
                manifest("[" + LAYER.replace("\"size\":5", "\"size\":-1") + "]"),
                "manifest stable layers[0] has size -1; expected a non-negative integer");
        assertMalformed(
                manifest("[" + LAYER.replace("\"size\":5", "\"size\":\"5\"") + "]"),
                "manifest stable layers[0] has size \"5\"; expected a non-negative integer");
        assertMalformed(
                manifest("[" + LAYER.replace("\"size\":5", "\"size\":5.5") + "]"),
                "manifest stable layers[0] has size 5.5; expected a non-negative integer");
    }

    @Test
    void refusesAnIndexEntryWhosePlatformHasNoArchitecture() {
        assertMalformed(
                ReleaseDocuments.index(
                        MediaTypes.OCI_INDEX,
                        "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + KERNEL_DIGEST
                                + "\",\"size\":1,\"platform\":{\"os\":\"linux\"}}"),
                "manifest stable manifests[0] platform has no architecture");
    }

    @Test
    void refusesAnnotationsThatAreNotStrings() {
        assertMalformed(
                manifest("[" + LAYER + "]").replace("}]}", "}],\"annotations\":{\"io.kubesolo.os.version\":3}}"),
                "manifest stable has annotation io.kubesolo.os.version that is not a string");
    }
}
