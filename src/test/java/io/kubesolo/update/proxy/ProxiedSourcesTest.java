package io.kubesolo.update.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.http.HttpSource;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.oci.OciSource;
import io.kubesolo.update.oci.Reference;
import io.kubesolo.update.oci.RegistryAccess;
import io.kubesolo.update.oci.RegistryClient;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ForwardProxy;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sources go through the proxy the environment names, for metadata and for artifacts, and
 * around it for the hosts NO_PROXY names: a real python http.server and a real registry behind an
 * in-process forwarding proxy that records what it forwarded.
 */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxiedSourcesTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path temp;

    private Path kernel;
    private Path initramfs;

    @BeforeEach
    void release() throws Exception {
        kernel = Files.writeString(temp.resolve("vmlinuz"), ("kernel " + temp).repeat(500));
        initramfs = Files.writeString(temp.resolve("kubesolo-os.gz"), ("initramfs " + temp).repeat(500));
    }

    private static void readAll(UpdateSource source, Release release) throws Exception {
        for (Artifact artifact : release.artifacts()) {
            try (InputStream in = source.open(artifact, 0)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void theHttpSourceGoesThroughHttpProxyUnlessNoProxyNamesTheServer() throws Exception {
        Path out = temp.resolve("release");
        CommandRun publish = CommandRun.of(
                "publish",
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                "v0.4.0",
                "--out",
                out.toString());
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        try (PythonHttpServer server = PythonHttpServer.serve(out);
                ForwardProxy proxy = new ForwardProxy()) {
            ProxyRules rules = ProxyRules.fromEnvironment(Map.of("HTTP_PROXY", proxy.url()));
            HttpSource source = Sources.http(
                    URI.create(server.url()),
                    new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test", Retry.none(), rules),
                    TrustedKeys.none());

            Release release = source.fetchRelease();
            readAll(source, release);

            assertThat(release.metadata().version()).isEqualTo("v0.4.0");
            assertThat(proxy.forwarded())
                    .containsExactly(
                            "GET " + server.url() + "/latest.json",
                            "GET " + server.url() + "/v0.4.0/vmlinuz",
                            "GET " + server.url() + "/v0.4.0/kubesolo-os.gz");

            ProxyRules bypass = ProxyRules.fromEnvironment(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1"));
            HttpSource direct = Sources.http(
                    URI.create(server.url()),
                    new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test", Retry.none(), bypass),
                    TrustedKeys.none());
            readAll(direct, direct.fetchRelease());
            assertThat(proxy.forwarded()).hasSize(3);
        }
    }

    @Test
    void theRegistryGoesThroughHttpProxyUnlessNoProxyNamesIt() throws Exception {
        String repository = REGISTRY.host() + "/proxied/os";
        ReleasePush.of(repository, kernel, initramfs, "v0.4.0").run();
        try (ForwardProxy proxy = new ForwardProxy()) {
            RegistryAccess access = RegistryAccess.of(true, reference -> Optional.empty())
                    .with(proxied(ProxyRules.fromEnvironment(Map.of("http_proxy", proxy.url()))));
            OciSource source = Sources.oci(RegistryClient.of(Reference.parse(repository), access), "stable", "amd64");

            Release release = source.fetchRelease();
            readAll(source, release);

            String base = "http://" + REGISTRY.host() + "/v2/proxied/os/";
            assertThat(proxy.forwarded())
                    .contains("GET " + base + "manifests/stable")
                    .anySatisfy(line -> assertThat(line).startsWith("GET " + base + "blobs/sha256:"))
                    .hasSize(3);

            RegistryAccess bypass = RegistryAccess.of(true, reference -> Optional.empty())
                    .with(proxied(ProxyRules.fromEnvironment(
                            Map.of("http_proxy", proxy.url(), "no_proxy", REGISTRY.host()))));
            OciSource direct = Sources.oci(RegistryClient.of(Reference.parse(repository), bypass), "stable", "amd64");
            readAll(direct, direct.fetchRelease());
            assertThat(proxy.forwarded()).hasSize(3);
        }
    }

    private static HttpTransport proxied(ProxyRules rules) {
        return new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test", Retry.none(), rules);
    }
}
