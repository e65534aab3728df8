package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.testing.Sources;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Pusher} and {@link IndexComposer} write, read back by skopeo and by our own source. */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PusherRegistryTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    static ReleaseMetadata metadata(String version, String architecture) {
        return ReleaseMetadataBuilder.version(version)
                .channel("stable")
                .minCompatibleVersion(Optional.of("v0.2.0"))
                .architecture(architecture)
                .releaseNotes("Notes for " + version)
                .releaseDate(Instant.parse("2026-11-20T08:00:00Z"))
                .build();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(work.resolve(name), content.repeat(500));
    }

    private static ContentStore store(String repository) {
        return REGISTRY.store(repository);
    }

    private String skopeo(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("skopeo %s: %s", arguments, output).isZero();
        return output;
    }

    @Test
    void pushedArtifactIsWhatSkopeoSeesAndSkopeoCopiesWhatTheLayoutReaderReads() throws Exception {
        Path kernel = file("vmlinuz", "amd64 kernel ");
        Path initramfs = file("kubesolo-os.gz", "amd64 initramfs ");

        Pusher.Pushed pushed =
                new Pusher(store("release/os")).push(kernel, initramfs, metadata("v0.3.0", "amd64"), List.of("edge"));

        assertThat(pushed.tags()).containsExactly("v0.3.0-amd64", "edge");
        String raw = skopeo(
                "inspect", "--raw", "--tls-verify=false", "docker://" + REGISTRY.host() + "/release/os:v0.3.0-amd64");
        assertThat("sha256:" + CurlPublisher.sha256(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(pushed.manifest().digest().toString());
        JsonNode manifest = json.readTree(raw);
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.path("artifactType").asText()).isEqualTo("application/vnd.kubesolo.os.update.v1");
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(ReleaseDocuments.EMPTY_CONFIG_DIGEST);
        assertThat(manifest.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.KERNEL);
        assertThat(manifest.path("layers").get(0).path("digest").asText())
                .isEqualTo("sha256:" + CurlPublisher.sha256(Files.readAllBytes(kernel)));
        assertThat(manifest.path("layers")
                        .get(0)
                        .path("annotations")
                        .path("org.opencontainers.image.title")
                        .asText())
                .isEqualTo("vmlinuz");
        assertThat(manifest.path("layers").get(1).path("mediaType").asText()).isEqualTo(MediaTypes.INITRAMFS);
        assertThat(manifest.path("layers")
                        .get(1)
                        .path("annotations")
                        .path("org.opencontainers.image.title")
                        .asText())
                .isEqualTo("kubesolo-os.gz");
        JsonNode annotations = manifest.path("annotations");
        assertThat(annotations.path("io.kubesolo.os.version").asText()).isEqualTo("v0.3.0");
        assertThat(annotations.path("io.kubesolo.os.channel").asText()).isEqualTo("stable");
        assertThat(annotations.path("io.kubesolo.os.min_compatible_version").asText())
                .isEqualTo("v0.2.0");
        assertThat(annotations.path("io.kubesolo.os.architecture").asText()).isEqualTo("amd64");
        assertThat(annotations.path("io.kubesolo.os.release_notes").asText()).isEqualTo("Notes for v0.3.0");
        assertThat(annotations.path("io.kubesolo.os.release_date").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + REGISTRY.host() + "/release/os:edge"))
                .isEqualTo(raw);

        Path layout = work.resolve("usb");
        skopeo(
                "copy",
                "--src-tls-verify=false",
                "docker://" + REGISTRY.host() + "/release/os:v0.3.0-amd64",
                "oci:" + layout + ":stable");
        OciSource fromUsb = Sources.oci(new OciLayout(layout), "stable", "amd64");
        Release release = fromUsb.fetchRelease();
        assertThat(release.metadata()).isEqualTo(metadata("v0.3.0", "amd64"));
        try (InputStream in = fromUsb.open(release.artifacts().get(1), 0)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(initramfs));
        }
        assertThat(release.artifacts().get(1).slotFile()).isEqualTo(SlotFile.INITRAMFS);
    }

    @Test
    void blobsTheRegistryAlreadyHasAreNotUploadedAgain() throws Exception {
        Path kernel = file("vmlinuz", "shared kernel ");
        new Pusher(store("release/dedup"))
                .push(kernel, file("a.gz", "first initramfs "), metadata("v0.3.0", "amd64"), List.of());
        int before = REGISTRY.log().size();

        new Pusher(store("release/dedup"))
                .push(kernel, file("b.gz", "second initramfs "), metadata("v0.3.1", "amd64"), List.of());

        List<String> requests = REGISTRY.log().subList(before, REGISTRY.log().size());
        assertThat(requests.stream().filter(line -> line.contains("\"POST /v2/release/dedup/blobs/uploads/")))
                .as("two uploads: the new initramfs and its chunk index")
                .hasSize(2);
        assertThat(requests).anySatisfy(line -> assertThat(line)
                .contains("\"HEAD /v2/release/dedup/blobs/sha256:" + CurlPublisher.sha256(Files.readAllBytes(kernel))));
    }

    @Test
    void composedIndexPlacesEachManifestByItsArchitecture() throws Exception {
        ContentStore store = store("release/multi");
        new Pusher(store)
                .push(
                        file("k1", "amd64 kernel "),
                        file("i1", "amd64 initramfs "),
                        metadata("v0.3.0", "amd64"),
                        List.of());
        new Pusher(store)
                .push(
                        file("k2", "arm64 kernel "),
                        file("i2", "arm64 initramfs "),
                        metadata("v0.3.0", "arm64"),
                        List.of());

        new IndexComposer(store).compose("stable", List.of("v0.3.0-amd64", "v0.3.0-arm64"));

        JsonNode index = json.readTree(skopeo(
                "inspect", "--raw", "--tls-verify=false", "docker://" + REGISTRY.host() + "/release/multi:stable"));
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests").get(0).path("platform").toString())
                .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(index.path("manifests").get(1).path("platform").toString())
                .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
        assertThat(index.path("manifests").get(1).path("artifactType").asText()).isEqualTo(MediaTypes.UPDATE_ARTIFACT);
        for (String architecture : List.of("amd64", "arm64")) {
            OciSource source = Sources.oci(store("release/multi"), "stable", architecture);
            Release release = source.fetchRelease();
            try (InputStream in = source.open(release.artifacts().get(0), 0)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith(architecture + " kernel ");
            }
        }
    }

    @Test
    void indexRefusesTwoManifestsOfOneArchitecture() throws Exception {
        ContentStore store = store("release/clash");
        new Pusher(store)
                .push(file("k1", "kernel a "), file("i1", "initramfs a "), metadata("v0.3.0", "amd64"), List.of());
        new Pusher(store)
                .push(file("k2", "kernel b "), file("i2", "initramfs b "), metadata("v0.3.1", "amd64"), List.of());

        assertThatThrownBy(() -> new IndexComposer(store).compose("stable", List.of("v0.3.0-amd64", "v0.3.1-amd64")))
                .isInstanceOf(OciException.class)
                .hasMessage("cannot compose index stable: v0.3.1-amd64 and another manifest are both for linux/amd64");
    }

    @Test
    void pushToALayoutDirectoryIsReadBySkopeo() throws Exception {
        Path layout = work.resolve("layout");
        OciLayout store = new OciLayout(layout);
        new Pusher(store)
                .push(
                        file("k1", "amd64 kernel "),
                        file("i1", "amd64 initramfs "),
                        metadata("v0.3.0", "amd64"),
                        List.of());
        new Pusher(store)
                .push(
                        file("k2", "arm64 kernel "),
                        file("i2", "arm64 initramfs "),
                        metadata("v0.3.0", "arm64"),
                        List.of());
        new IndexComposer(store).compose("stable", List.of("v0.3.0-amd64", "v0.3.0-arm64"));

        JsonNode index = json.readTree(skopeo("inspect", "--raw", "oci:" + layout + ":stable"));
        assertThat(index.path("manifests")).hasSize(2);
        skopeo(
                "copy",
                "--dest-tls-verify=false",
                "oci:" + layout + ":stable",
                "docker://" + REGISTRY.host() + "/release/fromlayout:stable",
                "--all");
        Release release =
                Sources.oci(store("release/fromlayout"), "stable", "arm64").fetchRelease();
        assertThat(release.metadata().architecture()).contains("arm64");
    }
}
