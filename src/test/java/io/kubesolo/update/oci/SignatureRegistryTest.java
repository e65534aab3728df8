package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Release;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signature referrers on the real distribution 2.8 server, which has no referrers API: signing
 * maintains the fallback tag {@code sha256-<hex>}, merging with what is there, and the source
 * finds and checks signatures through it. The same on an OCI layout directory.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SignatureRegistryTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final SigningKey OLD_KEY = SigningKey.generate();
    private static final SigningKey NEW_KEY = SigningKey.generate();

    @TempDir
    Path work;

    private Pusher.Pushed push(ContentStore store, String architecture, List<String> tags) throws Exception {
        Path kernel = Files.writeString(
                work.resolve(architecture + "-vmlinuz"), ("kernel " + architecture + work).repeat(300));
        Path initramfs =
                Files.writeString(work.resolve(architecture + "-initramfs"), ("initramfs " + work).repeat(300));
        return new Pusher(store).push(kernel, initramfs, PusherRegistryTest.metadata("v0.4.0", architecture), tags);
    }

    private static TrustedKeys trusting(SigningKey... keys) {
        return TrustedKeys.of(
                java.util.Arrays.stream(keys).map(SigningKey::publicKey).toList());
    }

    private static ImageIndex fallbackIndex(ContentStore store, Digest subject) {
        FetchedManifest fetched = store.fetchManifest(ReferrersTag.of(subject));
        return (ImageIndex) ManifestCodec.parse(fetched.bytes(), fetched.declaredMediaType(), "fallback tag");
    }

    @Test
    void signingWritesTheFallbackTagAndTheSourceAcceptsTheSignature() throws Exception {
        ContentStore store = REGISTRY.store("sig/fallback");
        Pusher.Pushed pushed = push(store, "amd64", List.of("stable"));

        ManifestSigner.Signed signed = new ManifestSigner(store, OLD_KEY).signManifest(pushed.manifest());

        assertThat(signed.viaReferrersApi()).isFalse();
        ImageIndex index = fallbackIndex(store, pushed.manifest().digest());
        assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.manifests()).singleElement().satisfies(entry -> {
            assertThat(entry.digest()).isEqualTo(signed.signature().digest());
            assertThat(entry.artifactType()).contains(MediaTypes.SIGNATURE_ARTIFACT);
            assertThat(entry.annotations())
                    .containsEntry(SignatureArtifact.KEY_ID, OLD_KEY.publicKey().keyId());
        });
        FetchedManifest referrer =
                store.fetchManifest(signed.signature().digest().toString());
        ImageManifest parsed = ManifestCodec.parseManifest(referrer.bytes(), MediaTypes.OCI_MANIFEST, "referrer");
        assertThat(parsed.subject()).contains(pushed.manifest());
        assertThat(parsed.config().mediaType()).isEqualTo(MediaTypes.EMPTY_CONFIG);
        assertThat(parsed.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.mediaType()).isEqualTo(MediaTypes.SIGNATURE_LAYER);
            assertThat(layer.size()).isEqualTo(64);
        });

        Release release =
                Sources.oci(store, "stable", "amd64", trusting(OLD_KEY)).fetchRelease();
        assertThat(release.metadata().version()).isEqualTo("v0.4.0");
        assertThatThrownBy(() ->
                        Sources.oci(store, "stable", "amd64", trusting(NEW_KEY)).fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.UNSIGNED))
                .hasMessageContaining(
                        "release stable in " + REGISTRY.host() + "/sig/fallback has no valid signature by a"
                                + " trusted key (1 key: " + NEW_KEY.publicKey().shortId() + ")")
                .hasMessageContaining("is by key " + OLD_KEY.publicKey().shortId() + ", which is not trusted");
    }

    @Test
    void signaturesAreMergedIntoTheFallbackTagKeepingOtherReferrersAndListedOnce() throws Exception {
        ContentStore store = REGISTRY.store("sig/merge");
        Pusher.Pushed pushed = push(store, "amd64", List.of("stable"));
        Digest subject = pushed.manifest().digest();
        // Someone else's referrer (an SBOM), listed in the fallback tag by hand with curl.
        CurlPublisher curl = new CurlPublisher(REGISTRY, "sig/merge", work);
        CurlPublisher.Blob sbom = curl.pushBlob("{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        String sbomManifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":\"" + MediaTypes.EMPTY_CONFIG
                + "\",\"digest\":\"" + ReleaseDocuments.EMPTY_CONFIG_DIGEST + "\",\"size\":2},\"layers\":["
                + sbom.descriptor("application/spdx+json") + "],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + subject + "\",\"size\":"
                + pushed.manifest().size() + "}}";
        String sbomDigest = curl.pushManifest(
                sbomManifest,
                MediaTypes.OCI_MANIFEST,
                "sha256:" + CurlPublisher.sha256(sbomManifest.getBytes(StandardCharsets.UTF_8)));
        curl.pushManifest(
                ReleaseDocuments.index(
                        MediaTypes.OCI_INDEX,
                        "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                                + "\",\"artifactType\":\"application/spdx+json\",\"digest\":\"" + sbomDigest
                                + "\",\"size\":"
                                + sbomManifest.length() + "}"),
                MediaTypes.OCI_INDEX,
                ReferrersTag.of(subject));

        ManifestSigner.Signed byOld = new ManifestSigner(store, OLD_KEY).signManifest(pushed.manifest());
        ManifestSigner.Signed byNew = new ManifestSigner(store, NEW_KEY).signManifest(pushed.manifest());
        ManifestSigner.Signed again = new ManifestSigner(store, OLD_KEY).signManifest(pushed.manifest());

        assertThat(again.signature()).isEqualTo(byOld.signature());
        assertThat(fallbackIndex(store, subject).manifests())
                .extracting(entry -> entry.digest().toString())
                .containsExactlyInAnyOrder(
                        sbomDigest,
                        byOld.signature().digest().toString(),
                        byNew.signature().digest().toString());
        // During a rotation devices trusting either key, or both, take the release.
        for (TrustedKeys keys : List.of(trusting(OLD_KEY), trusting(NEW_KEY), trusting(NEW_KEY, OLD_KEY))) {
            assertThat(Sources.oci(store, "stable", "amd64", keys)
                            .fetchRelease()
                            .metadata()
                            .version())
                    .isEqualTo("v0.4.0");
        }
    }

    @Test
    void signingATagThatNamesAnIndexSignsEveryArchitecture() throws Exception {
        ContentStore store = REGISTRY.store("sig/multi");
        push(store, "amd64", List.of());
        push(store, "arm64", List.of());
        new IndexComposer(store).compose("stable", List.of("v0.4.0-amd64", "v0.4.0-arm64"));

        List<ManifestSigner.Signed> signed = new ManifestSigner(store, OLD_KEY).signTag("stable");

        assertThat(signed)
                .extracting(s -> s.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        for (String architecture : List.of("amd64", "arm64")) {
            assertThat(Sources.oci(store, "stable", architecture, trusting(OLD_KEY))
                            .fetchRelease()
                            .metadata()
                            .architecture())
                    .contains(architecture);
        }
    }

    @Test
    void unsignedReleaseIsRefusedWhenAKeyIsTrusted() throws Exception {
        ContentStore store = REGISTRY.store("sig/unsigned");
        Pusher.Pushed pushed = push(store, "amd64", List.of("stable"));

        assertThatThrownBy(() ->
                        Sources.oci(store, "stable", "amd64", trusting(OLD_KEY)).fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.outcome()).isEqualTo(io.kubesolo.update.Outcome.REFUSED))
                .hasMessage("release stable in " + REGISTRY.host() + "/sig/unsigned is not signed: manifest "
                        + pushed.manifest().digest() + " has no " + MediaTypes.SIGNATURE_ARTIFACT + " referrer, and"
                        + " trusted keys are configured (1 key: "
                        + OLD_KEY.publicKey().shortId() + ")");
    }

    @Test
    void aSignatureWithoutKeyIdIsTriedUnderEveryTrustedKey() throws Exception {
        ContentStore store = REGISTRY.store("sig/nokeyid");
        Pusher.Pushed pushed = push(store, "amd64", List.of("stable"));
        byte[] signature = NEW_KEY.sign(
                store.fetchManifest(pushed.manifest().digest().toString()).bytes());
        Descriptor layer = Descriptor.of(MediaTypes.SIGNATURE_LAYER, Digest.of(signature), 64);
        store.pushBlob(layer, () -> new ByteArrayInputStream(signature));
        ImageManifest referrer = new ImageManifest(
                MediaTypes.OCI_MANIFEST,
                Optional.of(MediaTypes.SIGNATURE_ARTIFACT),
                Pusher.pushEmptyConfig(store),
                List.of(layer),
                Map.of(),
                Optional.of(pushed.manifest()));
        byte[] bytes = ManifestCodec.write(referrer);
        store.pushReferrer(bytes, MediaTypes.OCI_MANIFEST);
        ReferrersTag.add(
                store,
                pushed.manifest().digest(),
                new Descriptor(
                        MediaTypes.OCI_MANIFEST,
                        Digest.of(bytes),
                        bytes.length,
                        Map.of(),
                        Optional.empty(),
                        referrer.artifactType()));

        assertThat(Sources.oci(store, "stable", "amd64", trusting(OLD_KEY, NEW_KEY))
                        .fetchRelease())
                .isNotNull();
        assertThatThrownBy(() ->
                        Sources.oci(store, "stable", "amd64", trusting(OLD_KEY)).fetchRelease())
                .hasMessageContaining("(no key id) does not verify over the manifest's bytes");
    }

    @Test
    void aLayoutDirectoryCarriesSignaturesInItsFallbackTag() throws Exception {
        OciLayout layout = new OciLayout(work.resolve("usb"));
        Pusher.Pushed pushed = push(layout, "amd64", List.of("stable"));
        assertThatThrownBy(() -> Sources.oci(layout, "stable", "amd64", trusting(OLD_KEY))
                        .fetchRelease())
                .hasMessageContaining("is not signed");

        new ManifestSigner(layout, OLD_KEY).signManifest(pushed.manifest());

        assertThat(layout.index().manifests()).anySatisfy(entry -> assertThat(entry.annotations())
                .containsEntry(
                        OciLayout.REF_NAME, ReferrersTag.of(pushed.manifest().digest())));
        assertThat(Sources.oci(layout, "stable", "amd64", trusting(OLD_KEY)).fetchRelease())
                .isNotNull();
        assertThatThrownBy(() -> Sources.oci(layout, "stable", "amd64", trusting(NEW_KEY))
                        .fetchRelease())
                .hasMessageContaining("which is not trusted");
    }
}
