package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures on a registry with the referrers API ({@link ReferrersApiProxy} adds it in front of
 * the real distribution server): the signer leaves the fallback tag alone when the registry indexes
 * the referrer itself, and the source finds the signature through the API, filtering out other
 * artifact types and following the next-page link.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReferrersApiTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final SigningKey KEY = SigningKey.generate();

    @TempDir
    Path work;

    private ReferrersApiProxy proxy;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = ReferrersApiProxy.start(REGISTRY);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private Pusher.Pushed push(ContentStore store) throws Exception {
        Path kernel = Files.writeString(work.resolve("vmlinuz"), ("api kernel " + work).repeat(300));
        Path initramfs = Files.writeString(work.resolve("initramfs"), ("api initramfs " + work).repeat(300));
        return new Pusher(store)
                .push(kernel, initramfs, PusherRegistryTest.metadata("v0.4.0", "amd64"), List.of("stable"));
    }

    @Test
    void signatureIsFoundThroughTheReferrersApiAndNoFallbackTagIsWritten() throws Exception {
        ContentStore store = proxy.store("sig/api");
        Pusher.Pushed pushed = push(store);

        ManifestSigner.Signed signed = new ManifestSigner(store, KEY).signManifest(pushed.manifest());

        assertThat(signed.viaReferrersApi()).isTrue();
        assertThatThrownBy(() -> REGISTRY.store("sig/api")
                        .fetchManifest(ReferrersTag.of(pushed.manifest().digest())))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.NOT_FOUND));
        int before = proxy.referrersRequests();
        assertThat(Sources.oci(store, "stable", "amd64", TrustedKeys.of(List.of(KEY.publicKey())))
                        .fetchRelease()
                        .metadata()
                        .version())
                .isEqualTo("v0.4.0");
        assertThat(proxy.referrersRequests() - before).as("both pages").isEqualTo(2);
        assertThatThrownBy(() -> Sources.oci(
                                store,
                                "stable",
                                "amd64",
                                TrustedKeys.of(List.of(SigningKey.generate().publicKey())))
                        .fetchRelease())
                .hasMessageContaining("is by key " + KEY.publicKey().shortId() + ", which is not trusted");
    }

    @Test
    void onlyOtherArtifactTypesThroughTheApiMeansUnsigned() throws Exception {
        ContentStore store = proxy.store("sig/apiunsigned");
        push(store);

        assertThatThrownBy(() -> Sources.oci(store, "stable", "amd64", TrustedKeys.of(List.of(KEY.publicKey())))
                        .fetchRelease())
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.UNSIGNED))
                .hasMessageContaining("is not signed");
    }
}
