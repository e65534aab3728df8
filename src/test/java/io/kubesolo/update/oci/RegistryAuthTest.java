package io.kubesolo.update.oci;

import static io.kubesolo.update.oci.ReleaseDocuments.artifactManifest;
import static io.kubesolo.update.oci.ReleaseDocuments.initramfsLayer;
import static io.kubesolo.update.oci.ReleaseDocuments.kernelLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Release;
import io.kubesolo.update.testing.Sources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Authentication against real registries: htpasswd basic auth, and token auth with a loopback token service. */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryAuthTest {

    private static final byte[] KERNEL = "authenticated kernel".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INITRAMFS = "authenticated initramfs".getBytes(StandardCharsets.UTF_8);

    static void publish(LocalRegistry registry, Optional<String> userAndPassword, Path work) throws Exception {
        CurlPublisher curl = new CurlPublisher(registry, "kubesolo/os", work, userAndPassword);
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        curl.pushManifest(
                artifactManifest(
                        "v0.4.0",
                        "amd64",
                        kernelLayer(curl.pushBlob(KERNEL)),
                        initramfsLayer(curl.pushBlob(INITRAMFS))),
                MediaTypes.OCI_MANIFEST,
                "stable");
    }

    static OciSource source(LocalRegistry registry, Optional<Credentials> credentials) {
        return Sources.oci(
                RegistryClient.of(
                        Reference.parse(registry.host() + "/kubesolo/os"),
                        RegistryAccess.of(true, reference -> credentials)),
                "stable",
                "amd64");
    }

    static byte[] download(OciSource source, Release release) throws Exception {
        try (var in = source.open(release.artifacts().get(0), 0)) {
            return in.readAllBytes();
        }
    }

    @Nested
    class BasicAuth {

        @RegisterExtension
        static final LocalRegistry REGISTRY = LocalRegistry.withBasicAuth("fleet", "s3cret-pw");

        @BeforeAll
        static void publish(@TempDir Path work) throws Exception {
            RegistryAuthTest.publish(REGISTRY, Optional.of("fleet:s3cret-pw"), work);
        }

        @Test
        void rightCredentialsPull() throws Exception {
            OciSource source = source(REGISTRY, Optional.of(new Credentials("fleet", "s3cret-pw")));
            Release release = source.fetchRelease();

            assertThat(release.metadata().version()).isEqualTo("v0.4.0");
            assertThat(download(source, release)).isEqualTo(KERNEL);
        }

        @Test
        void noCredentialsIsAuthRefused() {
            assertThatThrownBy(() -> source(REGISTRY, Optional.empty()).fetchRelease())
                    .isInstanceOfSatisfying(
                            OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.AUTH_REFUSED))
                    .hasMessage("fetch manifest stable from " + REGISTRY.host()
                            + "/kubesolo/os: the registry requires a user name and password and none are configured");
        }

        @Test
        void wrongPasswordIsAuthRefusedWithoutShowingIt() {
            assertThatThrownBy(() -> source(REGISTRY, Optional.of(new Credentials("fleet", "wrong-pw")))
                            .fetchRelease())
                    .isInstanceOfSatisfying(
                            OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.AUTH_REFUSED))
                    .hasMessageEndingWith("the registry refused the credentials of user fleet")
                    .hasMessageNotContaining("wrong-pw");
        }

        @Test
        void credentialsComeFromADockerConfigFile(@TempDir Path home) throws Exception {
            Path config = home.resolve("config.json");
            String auth = Base64.getEncoder().encodeToString("fleet:s3cret-pw".getBytes(StandardCharsets.UTF_8));
            Files.writeString(
                    config,
                    "{\"auths\":{\"http://" + REGISTRY.host() + "\":{\"auth\":\"" + auth + "\"},"
                            + "\"other.example.com\":{\"auth\":\"Zm9vOmJhcg==\"}}}");
            AuthFile authFile = AuthFile.load(config);
            OciSource source = Sources.oci(
                    RegistryClient.of(
                            Reference.parse(REGISTRY.host() + "/kubesolo/os"),
                            RegistryAccess.of(true, authFile::credentialsFor)),
                    "stable",
                    "amd64");

            assertThat(source.fetchRelease().metadata().version()).isEqualTo("v0.4.0");
        }
    }

    @Nested
    class TokenAuth {

        @RegisterExtension
        @org.junit.jupiter.api.Order(1)
        static final TokenServer TOKENS = TokenServer.requiring("fleet", "t0ken-pw");

        @RegisterExtension
        @org.junit.jupiter.api.Order(2)
        static final LocalRegistry REGISTRY = LocalRegistry.withTokenAuth(TOKENS);

        @Test
        void bearerFlowPushesAndPullsWithTokensFromTheRealm(@TempDir Path work) throws Exception {
            Path kernel = Files.write(work.resolve("vmlinuz"), KERNEL);
            Path initramfs = Files.write(work.resolve("kubesolo-os.gz"), INITRAMFS);
            Credentials credentials = new Credentials("fleet", "t0ken-pw");
            ContentStore store = RegistryClient.of(
                    Reference.parse(REGISTRY.host() + "/kubesolo/os"),
                    RegistryAccess.of(true, reference -> Optional.of(credentials)));
            new Pusher(store)
                    .push(
                            kernel,
                            initramfs,
                            PusherRegistryTest.metadata("v0.4.0", "amd64"),
                            java.util.List.of("stable"));

            OciSource source = source(REGISTRY, Optional.of(credentials));
            Release release = source.fetchRelease();

            assertThat(download(source, release)).isEqualTo(KERNEL);
            // Pushing needs a second token for the wider scope (the registry names the actions in any order).
            assertThat(TOKENS.requests())
                    .contains("repository:kubesolo/os:pull credentials=yes")
                    .anySatisfy(request -> assertThat(request)
                            .matches("repository:kubesolo/os:(pull,push|push,pull) credentials=yes"));
        }

        @Test
        void tokenServiceRefusingTheCredentialsIsAuthRefused() {
            assertThatThrownBy(() -> source(REGISTRY, Optional.of(new Credentials("fleet", "nope")))
                            .fetchRelease())
                    .isInstanceOfSatisfying(
                            OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.AUTH_REFUSED))
                    .hasMessageEndingWith("the token service refused the credentials of user fleet")
                    .hasMessageNotContaining("nope");
        }
    }
}
