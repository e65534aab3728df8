package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import land.oras.ContainerRef;
import land.oras.Index;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Registry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code push} and {@code index} write, read by another implementation of the OCI client
 * side, oras-java-sdk: the index lists both architectures, each manifest carries our media types
 * and annotations, and the layers' bytes are the files we pushed.
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrasReadsOurPushTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path work;

    @Test
    void orasReadsTheIndexManifestsAndLayersWePushed() throws Exception {
        String repository = REGISTRY.host() + "/kubesolo/os";
        Map<String, Path[]> files = Map.of("amd64", files("amd64", 1), "arm64", files("arm64", 2));
        for (Map.Entry<String, Path[]> release : files.entrySet()) {
            ReleasePush.of(repository, release.getValue()[0], release.getValue()[1], "v0.3.0")
                    .architecture(release.getKey())
                    .tags()
                    .flags("--channel", "stable")
                    .run();
        }
        CommandRun index = CommandRun.of(
                "index",
                "--registry",
                repository,
                "--plain-http",
                "--tag",
                "stable",
                "--from",
                "v0.3.0-amd64",
                "--from",
                "v0.3.0-arm64");
        assertThat(index.exitCode()).as(index.toString()).isZero();

        Registry oras = Registry.builder().insecure().build();
        Index stable = oras.getIndex(ContainerRef.parse(repository + ":stable"));
        Map<String, String> byArchitecture = stable.getManifests().stream()
                .collect(Collectors.toMap(
                        descriptor -> descriptor.getPlatform().architecture(), ManifestDescriptor::getDigest));
        assertThat(byArchitecture).containsOnlyKeys("amd64", "arm64");

        for (Map.Entry<String, Path[]> release : files.entrySet()) {
            Manifest manifest =
                    oras.getManifest(ContainerRef.parse(repository + "@" + byArchitecture.get(release.getKey())));
            assertThat(manifest.getArtifactTypeAsString()).isEqualTo("application/vnd.kubesolo.os.update.v1");
            assertThat(manifest.getAnnotations())
                    .containsEntry("io.kubesolo.os.version", "v0.3.0")
                    .containsEntry("io.kubesolo.os.architecture", release.getKey())
                    .containsEntry("io.kubesolo.os.channel", "stable");
            Map<String, Layer> layers = manifest.getLayers().stream()
                    .collect(Collectors.toMap(Layer::getMediaType, layer -> layer, (first, chunkIndex) -> first));
            assertLayer(
                    oras,
                    repository,
                    layers.get("application/vnd.kubesolo.os.kernel.v1+octet-stream"),
                    release.getValue()[0],
                    "vmlinuz");
            assertLayer(
                    oras,
                    repository,
                    layers.get("application/vnd.kubesolo.os.initramfs.v1+gzip"),
                    release.getValue()[1],
                    "kubesolo-os.gz");
        }
    }

    private void assertLayer(Registry oras, String repository, Layer layer, Path pushed, String title)
            throws Exception {
        assertThat(layer).as(title).isNotNull();
        assertThat(layer.getAnnotations()).containsEntry("org.opencontainers.image.title", title);
        assertThat(layer.getSize()).isEqualTo(Files.size(pushed));
        Path fetched = work.resolve("fetched-" + layer.getDigest().substring(7));
        oras.fetchBlob(ContainerRef.parse(repository + "@" + layer.getDigest()), fetched);
        assertThat(Files.mismatch(fetched, pushed)).isEqualTo(-1L);
    }

    private Path[] files(String architecture, int seed) throws Exception {
        byte[] kernel = new byte[200_000];
        byte[] initramfs = new byte[500_000];
        Random random = new Random(seed);
        random.nextBytes(kernel);
        random.nextBytes(initramfs);
        return new Path[] {
            Files.write(work.resolve(architecture + "-vmlinuz"), kernel),
            Files.write(work.resolve(architecture + "-kubesolo-os.gz"), initramfs)
        };
    }
}
