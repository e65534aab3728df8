package io.kubesolo.update.oci;

import static io.kubesolo.update.oci.ReleaseDocuments.artifactManifest;
import static io.kubesolo.update.oci.ReleaseDocuments.index;
import static io.kubesolo.update.oci.ReleaseDocuments.indexEntry;
import static io.kubesolo.update.oci.ReleaseDocuments.initramfsLayer;
import static io.kubesolo.update.oci.ReleaseDocuments.kernelLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.testing.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulls releases that curl pushed to a real distribution registry, following the API by hand. */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OciSourceRegistryTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path work;

    private final byte[] amd64Kernel = "kernel for amd64 ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private final byte[] amd64Initramfs = "initramfs for amd64 ".repeat(5000).getBytes(StandardCharsets.UTF_8);
    private final byte[] arm64Kernel = "kernel for arm64 ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    private final byte[] arm64Initramfs = "initramfs for arm64 ".repeat(5000).getBytes(StandardCharsets.UTF_8);

    private CurlPublisher curl(String repository) {
        return new CurlPublisher(REGISTRY, repository, work);
    }

    private static ContentStore store(String repository) {
        return REGISTRY.store(repository);
    }

    /** Pushes {@code {}} (the empty config), then a per-arch artifact manifest; returns its digest. */
    private String pushArtifact(
            CurlPublisher curl, String tag, String architecture, byte[] kernel, byte[] initramfs, String... extraLayers)
            throws Exception {
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        String[] layers = new String[2 + extraLayers.length];
        layers[0] = kernelLayer(curl.pushBlob(kernel));
        layers[1] = initramfsLayer(curl.pushBlob(initramfs));
        System.arraycopy(extraLayers, 0, layers, 2, extraLayers.length);
        return curl.pushManifest(artifactManifest("v0.3.0", architecture, layers), MediaTypes.OCI_MANIFEST, tag);
    }

    private String pushMultiArchRelease(String repository) throws Exception {
        CurlPublisher curl = curl(repository);
        String amd64 = artifactManifest(
                "v0.3.0",
                "amd64",
                kernelLayer(curl.pushBlob(amd64Kernel)),
                initramfsLayer(curl.pushBlob(amd64Initramfs)));
        String arm64 = artifactManifest(
                "v0.3.0",
                "arm64",
                kernelLayer(curl.pushBlob(arm64Kernel)),
                initramfsLayer(curl.pushBlob(arm64Initramfs)));
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        String amd64Digest = curl.pushManifest(amd64, MediaTypes.OCI_MANIFEST, "v0.3.0-amd64");
        String arm64Digest = curl.pushManifest(arm64, MediaTypes.OCI_MANIFEST, "v0.3.0-arm64");
        return curl.pushManifest(
                index(
                        MediaTypes.OCI_INDEX,
                        indexEntry(MediaTypes.OCI_MANIFEST, arm64Digest, arm64.length(), "arm64", "v8"),
                        indexEntry(MediaTypes.OCI_MANIFEST, amd64Digest, amd64.length(), "amd64", null)),
                MediaTypes.OCI_INDEX,
                "stable");
    }

    private static byte[] read(OciSource source, Artifact artifact) throws IOException {
        try (InputStream in = source.open(artifact, 0)) {
            return in.readAllBytes();
        }
    }

    private static Artifact artifact(Release release, SlotFile slotFile) {
        return release.artifacts().stream()
                .filter(a -> a.slotFile() == slotFile)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void indexGivesEachArchitectureItsOwnManifest() throws Exception {
        pushMultiArchRelease("kubesolo/os");

        OciSource amd64 = Sources.oci(store("kubesolo/os"), "stable", "amd64");
        Release release = amd64.fetchRelease();
        assertThat(release.metadata().version()).isEqualTo("v0.3.0");
        assertThat(release.metadata().channel()).contains("stable");
        assertThat(release.metadata().minCompatibleVersion()).contains("v0.2.0");
        assertThat(release.metadata().architecture()).contains("amd64");
        assertThat(release.metadata().releaseNotes()).contains("Fixes");
        assertThat(release.metadata().releaseDate()).contains(Instant.parse("2026-11-01T12:00:00Z"));
        Artifact kernel = artifact(release, SlotFile.KERNEL);
        assertThat(kernel.digest().hex()).isEqualTo(CurlPublisher.sha256(amd64Kernel));
        assertThat(kernel.size()).hasValue(amd64Kernel.length);
        assertThat(kernel.location().toString())
                .isEqualTo(REGISTRY.base() + "/v2/kubesolo/os/blobs/sha256:"
                        + kernel.digest().hex());
        assertThat(read(amd64, kernel)).isEqualTo(amd64Kernel);
        assertThat(read(amd64, artifact(release, SlotFile.INITRAMFS))).isEqualTo(amd64Initramfs);

        OciSource arm64 = Sources.oci(store("kubesolo/os"), "stable", "arm64");
        Release armRelease = arm64.fetchRelease();
        assertThat(armRelease.metadata().architecture()).contains("arm64");
        assertThat(read(arm64, artifact(armRelease, SlotFile.KERNEL))).isEqualTo(arm64Kernel);
    }

    @Test
    void checkingMetadataDownloadsNoBlob() throws Exception {
        pushMultiArchRelease("kubesolo/nodownload");
        int before = REGISTRY.log().size();

        Sources.oci(store("kubesolo/nodownload"), "stable", "amd64").fetchRelease();

        assertThat(REGISTRY.log().subList(before, REGISTRY.log().size()))
                .anySatisfy(line -> assertThat(line).contains("/v2/kubesolo/nodownload/manifests/stable"))
                .noneSatisfy(line -> assertThat(line).contains("/blobs/"));
    }

    @Test
    void singleArchitectureTagIsReadAndRefusedOnAnotherArchitecture() throws Exception {
        pushArtifact(curl("kubesolo/single"), "v0.3.0-amd64", "amd64", amd64Kernel, amd64Initramfs);

        Release release =
                Sources.oci(store("kubesolo/single"), "v0.3.0-amd64", "amd64").fetchRelease();
        assertThat(artifact(release, SlotFile.INITRAMFS).digest().hex())
                .isEqualTo(CurlPublisher.sha256(amd64Initramfs));

        assertThatThrownBy(() -> Sources.oci(store("kubesolo/single"), "v0.3.0-amd64", "arm64")
                        .fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.NO_PLATFORM))
                .hasMessage("release v0.3.0-amd64 in " + REGISTRY.host()
                        + "/kubesolo/single is for amd64 but this machine is arm64");
    }

    @Test
    void arm64OnlyReleaseOnAmd64NamesWhatTheReleaseHas() throws Exception {
        CurlPublisher curl = curl("kubesolo/armonly");
        String arm64 = artifactManifest(
                "v0.3.0",
                "arm64",
                kernelLayer(curl.pushBlob(arm64Kernel)),
                initramfsLayer(curl.pushBlob(arm64Initramfs)));
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        String digest = curl.pushManifest(arm64, MediaTypes.OCI_MANIFEST, "v0.3.0-arm64");
        curl.pushManifest(
                index(MediaTypes.OCI_INDEX, indexEntry(MediaTypes.OCI_MANIFEST, digest, arm64.length(), "arm64", "v8")),
                MediaTypes.OCI_INDEX,
                "stable");

        assertThatThrownBy(() -> Sources.oci(store("kubesolo/armonly"), "stable", "amd64")
                        .fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.NO_PLATFORM))
                .hasMessage("release stable in " + REGISTRY.host()
                        + "/kubesolo/armonly has no manifest for linux/amd64; it has linux/arm64/v8");
    }

    @Test
    void layersOfOtherMediaTypesAreIgnored() throws Exception {
        CurlPublisher curl = curl("kubesolo/extra");
        CurlPublisher.Blob sbom = curl.pushBlob("{\"sbom\":true}".getBytes(StandardCharsets.UTF_8));
        pushArtifact(
                curl, "v0.3.0-amd64", "amd64", amd64Kernel, amd64Initramfs, sbom.descriptor("application/spdx+json"));

        Release release =
                Sources.oci(store("kubesolo/extra"), "v0.3.0-amd64", "amd64").fetchRelease();

        assertThat(release.artifacts())
                .extracting(Artifact::slotFile)
                .containsExactly(SlotFile.KERNEL, SlotFile.INITRAMFS);
    }

    @Test
    void scratchImageInADockerManifestListIsARelease() throws Exception {
        CurlPublisher curl = curl("kubesolo/scratch");
        CurlPublisher.Blob config = curl.pushBlob(
                ("{\"architecture\":\"amd64\",\"os\":\"linux\"," + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                        .getBytes(StandardCharsets.UTF_8));
        CurlPublisher.Blob tar = curl.pushBlob(new byte[1024]);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\","
                + "\"config\":" + config.descriptor("application/vnd.docker.container.image.v1+json") + ","
                + "\"layers\":[" + tar.descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip") + ","
                + kernelLayer(curl.pushBlob(amd64Kernel)) + "," + initramfsLayer(curl.pushBlob(amd64Initramfs)) + "],"
                + ReleaseDocuments.annotations("v0.3.1", null) + "}";
        String digest = curl.pushManifest(manifest, MediaTypes.DOCKER_MANIFEST, "v0.3.1-amd64");
        curl.pushManifest(
                index(
                        MediaTypes.DOCKER_MANIFEST_LIST,
                        indexEntry(MediaTypes.DOCKER_MANIFEST, digest, manifest.length(), "amd64", null)),
                MediaTypes.DOCKER_MANIFEST_LIST,
                "stable");

        OciSource source = Sources.oci(store("kubesolo/scratch"), "stable", "amd64");
        Release release = source.fetchRelease();

        assertThat(release.metadata().version()).isEqualTo("v0.3.1");
        assertThat(release.metadata().architecture()).isEmpty();
        assertThat(read(source, artifact(release, SlotFile.KERNEL))).isEqualTo(amd64Kernel);
    }

    @Test
    void blobStreamsAreBoundedBySizeAndLeaveTheDigestToTheStager() throws Exception {
        // The registry stores blobs once for all repositories: alter only content no other test uses.
        byte[] kernelBytes = "kernel to tamper with ".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] initramfsBytes = "initramfs to tamper with ".repeat(100).getBytes(StandardCharsets.UTF_8);
        pushArtifact(curl("kubesolo/tampered"), "v0.3.0-amd64", "amd64", kernelBytes, initramfsBytes);
        OciSource source = Sources.oci(store("kubesolo/tampered"), "v0.3.0-amd64", "amd64");
        Release release = source.fetchRelease();
        Artifact kernel = artifact(release, SlotFile.KERNEL);
        byte[] altered = kernelBytes.clone();
        altered[100] ^= 1;
        Files.write(REGISTRY.blobData(kernel.digest()), altered);

        // Hashed once, by the stager's ArtifactCheck (ApplyOverOciTest refuses this blob end to end).
        assertThat(read(source, kernel)).isEqualTo(altered);

        Artifact initramfs = artifact(release, SlotFile.INITRAMFS);
        byte[] longer = new byte[initramfsBytes.length + 10];
        System.arraycopy(initramfsBytes, 0, longer, 0, initramfsBytes.length);
        Files.write(REGISTRY.blobData(initramfs.digest()), longer);

        assertThatThrownBy(() -> read(source, initramfs))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.TAMPERED))
                .hasMessageContaining("is longer than the " + initramfsBytes.length + " bytes its descriptor declares");
    }

    @Test
    void openFromAnOffsetUsesARangeRequest() throws Exception {
        pushArtifact(curl("kubesolo/range"), "v0.3.0-amd64", "amd64", amd64Kernel, amd64Initramfs);
        OciSource source = Sources.oci(store("kubesolo/range"), "v0.3.0-amd64", "amd64");
        Artifact kernel = artifact(source.fetchRelease(), SlotFile.KERNEL);

        byte[] tail;
        try (InputStream in = source.open(kernel, 1000)) {
            tail = in.readAllBytes();
        }

        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(amd64Kernel, 1000, amd64Kernel.length));
        assertThat(REGISTRY.logOnce(line -> line.contains("/v2/kubesolo/range/blobs/") && line.contains(" 206 ")))
                .anySatisfy(line ->
                        assertThat(line).contains("/v2/kubesolo/range/blobs/").contains(" 206 "));
    }

    @Test
    void indexEntryWithTheWrongSizeIsRefused() throws Exception {
        CurlPublisher curl = curl("kubesolo/badsize");
        String digest = pushArtifact(curl, "v0.3.0-amd64", "amd64", amd64Kernel, amd64Initramfs);
        curl.pushManifest(
                index(MediaTypes.OCI_INDEX, indexEntry(MediaTypes.OCI_MANIFEST, digest, 12, "amd64", null)),
                MediaTypes.OCI_INDEX,
                "stable");

        assertThatThrownBy(() -> Sources.oci(store("kubesolo/badsize"), "stable", "amd64")
                        .fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.TAMPERED))
                .hasMessageContaining("should have " + digest + " and 12;");
    }

    @Test
    void missingTagIsNotFound() {
        assertThatThrownBy(() ->
                        Sources.oci(store("kubesolo/none"), "nope", "amd64").fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.NOT_FOUND))
                .hasMessage("tag nope not found in " + REGISTRY.host() + "/kubesolo/none");
    }

    @Test
    void registryThatDoesNotSpeakTlsIsUnreachableWithoutPlainHttp() {
        ContentStore https = RegistryClient.of(
                Reference.parse(REGISTRY.host() + "/kubesolo/os"),
                RegistryAccess.of(false, reference -> Optional.empty()));

        assertThatThrownBy(() -> Sources.oci(https, "stable", "amd64").fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.UNREACHABLE))
                .hasMessageStartingWith("fetch manifest stable from " + REGISTRY.host()
                        + "/kubesolo/os: cannot reach https://" + REGISTRY.host());
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ContentStore nowhere = RegistryClient.of(
                Reference.parse("127.0.0.1:" + port + "/kubesolo/os"),
                RegistryAccess.of(true, reference -> Optional.empty()));

        assertThatThrownBy(() -> Sources.oci(nowhere, "stable", "amd64").fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.UNREACHABLE))
                .hasMessageContaining("cannot reach http://127.0.0.1:" + port)
                .hasMessageContaining("ConnectException");
    }
}
