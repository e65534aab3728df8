package io.kubesolo.update.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.health.TestPki;
import io.kubesolo.update.http.HttpSource;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.testing.TunnelProxy;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS update server whose certificate a private CA signed, made by the real {@code openssl},
 * served by Python's {@code ssl} on loopback: trusted through {@code --ca-bundle} or
 * {@code ca_bundle=}, through the containers' {@code certs.d/HOST:PORT/ca.crt}, with a client
 * certificate from the same directory when the server asks for one (mutual TLS); refused without.
 */
@Tag("system")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PrivateCaTest {

    @TempDir
    static Path pkiDirectory;

    @TempDir
    static Path release;

    @TempDir
    Path temp;

    private static TestPki pki;

    @BeforeAll
    static void makeRelease() throws IOException {
        pki = TestPki.create(pkiDirectory);
        byte[] kernel = "kernel".getBytes(StandardCharsets.UTF_8);
        byte[] initramfs = "initramfs".getBytes(StandardCharsets.UTF_8);
        Files.write(release.resolve("vmlinuz"), kernel);
        Files.write(release.resolve("kubesolo-os.gz"), initramfs);
        Files.writeString(
                release.resolve("latest.json"),
                "{\"version\": \"v0.3.0\", \"channel\": \"stable\","
                        + " \"vmlinuz_url\": \"vmlinuz\", \"vmlinuz_sha256\": \""
                        + Digest.of(kernel).hex() + "\","
                        + " \"vmlinuz_size\": " + kernel.length + ", \"initramfs_url\": \"kubesolo-os.gz\","
                        + " \"initramfs_sha256\": \"" + Digest.of(initramfs).hex() + "\", \"initramfs_size\": "
                        + initramfs.length + "}");
    }

    private SimulatedDevice device() {
        return SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
    }

    private static CommandRun check(SimulatedDevice device, String server, String... more) {
        String[] arguments = {"check", "--root", device.rootArg(), "--server", server, "--retries", "0"};
        String[] all = new String[arguments.length + more.length];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        System.arraycopy(more, 0, all, arguments.length, more.length);
        return CommandRun.of(all);
    }

    private static void plant(SimulatedDevice device, String devicePath, Path from) throws IOException {
        Path target = device.root().resolve(devicePath.substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(from, target);
    }

    @Test
    void aPrivateCaIsTrustedThroughTheCaBundleFlagOrSetting() throws Exception {
        try (PythonHttpServer server =
                PythonHttpServer.serveTls(release, pki.file("server.crt"), pki.file("server.key"), Optional.empty())) {
            SimulatedDevice device = device();
            CommandRun untrusted = check(device, server.url());
            assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(1);
            assertThat(untrusted.err()).contains("PKIX");

            plant(device, "/etc/kubesolo/private-ca.pem", pki.file("ca.crt"));
            CommandRun flag = check(device, server.url(), "--ca-bundle", "/etc/kubesolo/private-ca.pem");
            assertThat(flag.exitCode()).as(flag.toString()).isZero();
            assertThat(flag.out()).contains("update available: v0.2.0 -> v0.3.0");

            device.appendConf("ca_bundle=/etc/kubesolo/private-ca.pem");
            CommandRun setting = check(device, server.url());
            assertThat(setting.exitCode()).as(setting.toString()).isZero();
        }
    }

    @Test
    void httpsGoesThroughTheProxysTunnelWithTheServersCertificateCheckedEndToEnd() throws Exception {
        try (PythonHttpServer server = PythonHttpServer.serveTls(
                        release, pki.file("server.crt"), pki.file("server.key"), Optional.empty());
                TunnelProxy proxy = TunnelProxy.open();
                TunnelProxy refusing = TunnelProxy.refusing()) {
            TlsContexts trust =
                    TlsContexts.of(new TrustSources(Optional.empty(), Optional.of(pki.file("ca.crt")), List.of()));
            String origin = server.url().substring("https://".length());

            assertThat(throughProxy(server, proxy, trust)
                            .fetchRelease()
                            .metadata()
                            .version())
                    .isEqualTo("v0.3.0");
            assertThat(proxy.targets()).containsExactly(origin);

            assertThatThrownBy(() -> throughProxy(server, refusing, trust).fetchRelease())
                    .hasMessageContaining("refused a tunnel to " + origin + ": HTTP 403 Forbidden");

            HttpSource untrusted = throughProxy(server, proxy, TlsContexts.system());
            assertThatThrownBy(untrusted::fetchRelease).hasMessageContaining("PKIX");
        }
    }

    private static HttpSource throughProxy(PythonHttpServer server, TunnelProxy proxy, TlsContexts trust) {
        ProxyRules rules = ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", proxy.url()));
        return Sources.http(
                URI.create(server.url()),
                new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test", Retry.none(), rules, trust),
                TrustedKeys.none());
    }

    @Test
    void aMissingCaBundleIsAnErrorNamingIt() {
        CommandRun run = check(device(), "https://127.0.0.1:1", "--ca-bundle", "/etc/kubesolo/none.pem");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("CA bundle").contains("none.pem").contains("does not exist");
    }

    @Test
    void certsDirectoryGivesTheCaAndTheClientCertificateForMutualTls() throws Exception {
        try (PythonHttpServer server = PythonHttpServer.serveTls(
                release, pki.file("server.crt"), pki.file("server.key"), Optional.of(pki.file("ca.crt")))) {
            SimulatedDevice device = device();
            String hostDirectory = "/etc/containers/certs.d/" + server.url().substring("https://".length());
            plant(device, hostDirectory + "/ca.crt", pki.file("ca.crt"));
            CommandRun withoutClientCertificate = check(device, server.url());
            assertThat(withoutClientCertificate.exitCode())
                    .as(withoutClientCertificate.toString())
                    .isEqualTo(1);

            plant(device, hostDirectory + "/client.cert", pki.file("client-rsa.crt"));
            plant(device, hostDirectory + "/client.key", pki.file("client-rsa-pkcs8.key"));
            CommandRun mutual = check(device, server.url());
            assertThat(mutual.exitCode()).as(mutual.toString()).isZero();
            assertThat(mutual.out()).contains("update available: v0.2.0 -> v0.3.0");
        }
    }

    @Test
    void dockerCertsDirectoryWorksToo() throws Exception {
        try (PythonHttpServer server =
                PythonHttpServer.serveTls(release, pki.file("server.crt"), pki.file("server.key"), Optional.empty())) {
            SimulatedDevice device = device();
            plant(
                    device,
                    "/etc/docker/certs.d/" + server.url().substring("https://".length()) + "/ca.crt",
                    pki.file("ca.crt"));
            CommandRun run = check(device, server.url());
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
    }
}
