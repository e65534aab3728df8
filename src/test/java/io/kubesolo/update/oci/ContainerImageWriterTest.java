package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.oci.ContainerImageWriter.ArchitectureLayer;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image the package step writes, read back through the layout: an index of one manifest per
 * platform, each with an image config whose diff_id is the layer's uncompressed digest. skopeo reads
 * the real one in {@code KubernetesPodsIT}.
 */
class ContainerImageWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] TAR = "not a real tar, but the digests do not care".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    private Path gzip(String name) throws IOException {
        Path file = temp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(TAR);
        }
        return file;
    }

    @Test
    void writesAnIndexOfOneImagePerArchitectureUnderTheTag() throws IOException {
        OciLayout layout = new OciLayout(temp.resolve("layout"));
        Path amd64 = gzip("amd64.tar.gz");
        Path arm64 = gzip("arm64.tar.gz");

        new ContainerImageWriter(layout)
                .write(
                        "0.1.0",
                        List.of(new ArchitectureLayer("amd64", amd64), new ArchitectureLayer("arm64", arm64)),
                        List.of("PATH=/bin"));

        FetchedManifest fetched = layout.fetchManifest("0.1.0");
        ImageIndex index = (ImageIndex) ManifestCodec.parse(fetched.bytes(), fetched.declaredMediaType(), "index");
        assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.manifests())
                .extracting(entry -> entry.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        Descriptor arm64Entry = index.manifests().get(1);
        ImageManifest manifest = ManifestCodec.parseManifest(
                layout.fetchManifest(arm64Entry.digest().toString()).bytes(), MediaTypes.OCI_MANIFEST, "manifest");
        assertThat(manifest.config().mediaType()).isEqualTo(ContainerImageWriter.CONFIG);
        assertThat(manifest.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.mediaType()).isEqualTo(ContainerImageWriter.LAYER);
            assertThat(layer.digest()).isEqualTo(Digest.of(Files.readAllBytes(arm64)));
        });
        JsonNode config = JSON.readTree(layout.openBlob(manifest.config(), 0));
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
        assertThat(config.path("variant").asText()).isEqualTo("v8");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("config").path("Env").get(0).asText()).isEqualTo("PATH=/bin");
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(Digest.of(TAR).toString());
    }

    @Test
    void anUnknownArchitectureIsRefused() throws IOException {
        ContainerImageWriter writer = new ContainerImageWriter(new OciLayout(temp.resolve("layout")));
        List<ArchitectureLayer> layers = List.of(new ArchitectureLayer("riscv64", gzip("layer.tar.gz")));

        assertThatThrownBy(() -> writer.write("0.1.0", layers, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown architecture riscv64 (amd64 or arm64)");
    }

    @Test
    void aLayerThatIsNotGzipIsRefusedWithItsName() throws IOException {
        Path plain = Files.write(temp.resolve("plain.tar"), TAR);
        ContainerImageWriter writer = new ContainerImageWriter(new OciLayout(temp.resolve("layout")));

        assertThatThrownBy(() -> writer.write("0.1.0", List.of(new ArchitectureLayer("amd64", plain)), List.of()))
                .isInstanceOf(OciException.class)
                .hasMessageStartingWith("cannot read " + plain + " as a gzip-compressed layer");
    }
}
