package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Release;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OCI layout directory on disk, written by our pusher and then damaged by hand. */
class OciLayoutTest {

    @TempDir
    Path work;

    private Path layout;
    private Pusher.Pushed pushed;

    @BeforeEach
    void pushRelease() throws Exception {
        layout = work.resolve("usb");
        Path kernel = Files.writeString(work.resolve("vmlinuz"), "kernel".repeat(100));
        Path initramfs = Files.writeString(work.resolve("kubesolo-os.gz"), "initramfs".repeat(100));
        pushed = new Pusher(new OciLayout(layout))
                .push(kernel, initramfs, PusherRegistryTest.metadata("v0.5.0", "amd64"), List.of("stable"));
    }

    private OciSource source(String tag) {
        return Sources.oci(new OciLayout(layout), tag, "amd64");
    }

    private Path blob(Digest digest) {
        return layout.resolve("blobs/sha256").resolve(digest.hex());
    }

    private static void assertReason(Throwable thrown, OciException.Reason reason) {
        assertThat(thrown).isInstanceOfSatisfying(OciException.class, e -> assertThat(e.reason())
                .isEqualTo(reason));
    }

    @Test
    void readsWhatWasPushedUnderEachTag() {
        assertThat(source("stable").fetchRelease().metadata().version()).isEqualTo("v0.5.0");
        Release release = source("v0.5.0-amd64").fetchRelease();
        assertThat(release.artifacts().get(0).location())
                .isEqualTo(blob(release.artifacts().get(0).digest()).toUri());
        assertThat(layout.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    @Test
    void aMissingTagListsTheTagsThereAre() {
        assertThatThrownBy(() -> source("beta").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.NOT_FOUND))
                .hasMessage("tag beta not found in OCI layout " + layout + " (it has: v0.5.0-amd64, stable)");
    }

    @Test
    void aDirectoryThatIsNotALayoutIsUnreachable() {
        assertThatThrownBy(() ->
                        Sources.oci(new OciLayout(work), "stable", "amd64").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.UNREACHABLE))
                .hasMessage("cannot read OCI layout " + work + ": it has no oci-layout file");
        assertThatThrownBy(() -> Sources.oci(new OciLayout(work.resolve("absent")), "stable", "amd64")
                        .fetchRelease())
                .hasMessage("cannot read OCI layout " + work.resolve("absent") + ": no such directory");
    }

    @Test
    void anAlteredManifestIsRefused() throws Exception {
        Path manifest = blob(pushed.manifest().digest());
        Files.writeString(manifest, Files.readString(manifest).replace("v0.5.0", "v9.9.9"));

        assertThatThrownBy(() -> source("stable").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.TAMPERED))
                .hasMessageContaining("manifest of tag stable in OCI layout " + layout + " has digest");
    }

    @Test
    void aManifestThatIsNotJsonIsMalformed() throws Exception {
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(garbage);
        Files.write(blob(digest), garbage);
        new OciLayout(layout).pushManifest(garbage, MediaTypes.OCI_MANIFEST, "broken");

        assertThatThrownBy(() -> source("broken").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.MALFORMED))
                .hasMessageStartingWith("manifest of release broken in OCI layout " + layout + " is not valid JSON");
    }

    @Test
    void aManifestWithoutAnInitramfsLayerIsMalformed() {
        Descriptor config =
                Descriptor.of(MediaTypes.EMPTY_CONFIG, Digest.parse(ReleaseDocuments.EMPTY_CONFIG_DIGEST), 2);
        ImageManifest kernelOnly = new ImageManifest(
                MediaTypes.OCI_MANIFEST,
                java.util.Optional.empty(),
                config,
                List.of(Descriptor.of(MediaTypes.KERNEL, Digest.of(new byte[1]), 1)),
                java.util.Map.of(ReleaseAnnotations.VERSION, "v1.0.0"));
        new OciLayout(layout).pushManifest(ManifestCodec.write(kernelOnly), MediaTypes.OCI_MANIFEST, "kernel-only");

        assertThatThrownBy(() -> source("kernel-only").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.MALFORMED))
                .hasMessage("release kernel-only in OCI layout " + layout + " has 0 layers of media type "
                        + MediaTypes.INITRAMFS + " (kubesolo-os.gz); expected exactly one");
    }

    @Test
    void aManifestWithoutAVersionIsMalformed() {
        Descriptor config =
                Descriptor.of(MediaTypes.EMPTY_CONFIG, Digest.parse(ReleaseDocuments.EMPTY_CONFIG_DIGEST), 2);
        ImageManifest unversioned = new ImageManifest(
                MediaTypes.OCI_MANIFEST,
                java.util.Optional.empty(),
                config,
                List.of(Descriptor.of(MediaTypes.KERNEL, Digest.of(new byte[1]), 1)),
                java.util.Map.of());
        new OciLayout(layout).pushManifest(ManifestCodec.write(unversioned), MediaTypes.OCI_MANIFEST, "unversioned");

        assertThatThrownBy(() -> source("unversioned").fetchRelease())
                .hasMessage(
                        "release unversioned in OCI layout " + layout + " has no io.kubesolo.os.version annotation");
    }

    @Test
    void anOversizedManifestIsNotRead() throws Exception {
        byte[] big = new byte[ManifestCodec.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        new OciLayout(layout).pushManifest(big, MediaTypes.OCI_MANIFEST, "big");

        assertThatThrownBy(() -> source("big").fetchRelease())
                .satisfies(e -> assertReason(e, OciException.Reason.MALFORMED))
                .hasMessage(
                        "manifest of tag big in OCI layout " + layout + " is larger than 4 MiB; refusing to read it");
    }

    @Test
    void aBlobLongerOnTheStickThanItsDescriptorIsRefusedWhileStreaming() throws Exception {
        OciSource source = source("stable");
        Release release = source.fetchRelease();
        Path kernel = blob(release.artifacts().get(0).digest());
        Files.writeString(kernel, "KERNEL", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> {
                    try (var in = source.open(release.artifacts().get(0), 0)) {
                        in.readAllBytes();
                    }
                })
                .satisfies(e -> assertReason(e, OciException.Reason.TAMPERED));
    }
}
