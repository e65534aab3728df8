package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.health.CheckResult.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubeconfig-driven access over HTTPS with mutual TLS, as KubeSolo's admin kubeconfig sets it up:
 * certificates made by openssl, an HTTPS server on 127.0.0.1 that requires a client certificate.
 */
@Tag("system")
@Timeout(120)
class KubeconfigTlsTest {

    @TempDir
    static Path pkiDirectory;

    @TempDir
    Path device;

    private static TestPki pki;
    private static FakeApiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        pki = TestPki.create(pkiDirectory);
        SSLContext context = pki.serverContext();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server = FakeApiServer.https(https);
        server.answer("/readyz", 200, "ok");
        server.answerResource("/api/v1/nodes/edge-1", "node-ready.json");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void embeddedCaAndRsaPkcs1ClientKeyReachTheServer() throws Exception {
        Path kubeconfig = writeKubeconfig(embedded("ca.crt", "client-rsa.crt", "client-rsa.key"));

        assertThat(apiServerCheck(kubeconfig).status()).isEqualTo(Status.PASSED);
        assertThat(new NodeReadyCheck(api(kubeconfig), "edge-1").run().status()).isEqualTo(Status.PASSED);
    }

    @Test
    void embeddedRsaPkcs8ClientKeyReachesTheServer() throws Exception {
        Path kubeconfig = writeKubeconfig(embedded("ca.crt", "client-rsa.crt", "client-rsa-pkcs8.key"));

        assertThat(apiServerCheck(kubeconfig).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void embeddedEcSec1ClientKeyReachesTheServer() throws Exception {
        assertThat(pki.text("client-ec.key")).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        Path kubeconfig = writeKubeconfig(embedded("ca.crt", "client-ec.crt", "client-ec.key"));

        assertThat(apiServerCheck(kubeconfig).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void certificateFilesAreReadRelativeToTheKubeconfig() throws Exception {
        Path pkiDir = Files.createDirectories(device.resolve("var/lib/kubesolo/pki/admin"));
        for (String name : new String[] {"ca.crt", "client-ec.crt", "client-ec.key"}) {
            Files.copy(pki.file(name), pkiDir.resolve(name));
        }
        Path kubeconfig = writeKubeconfig(
                String.format("    certificate-authority: ca.crt\n    server: %s\n", server.url()),
                "    client-certificate: client-ec.crt\n    client-key: client-ec.key\n");

        assertThat(apiServerCheck(kubeconfig).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void absoluteCertificatePathsResolveUnderTheDeviceRoot() throws Exception {
        Path pkiDir = Files.createDirectories(device.resolve("etc/kubesolo/pki"));
        for (String name : new String[] {"ca.crt", "client-rsa.crt", "client-rsa.key"}) {
            Files.copy(pki.file(name), pkiDir.resolve(name));
        }
        Path kubeconfig = writeKubeconfig(
                String.format("    certificate-authority: /etc/kubesolo/pki/ca.crt\n    server: %s\n", server.url()),
                "    client-certificate: /etc/kubesolo/pki/client-rsa.crt\n    client-key: /etc/kubesolo/pki/client-rsa.key\n");

        assertThat(apiServerCheck(kubeconfig).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void withoutAClientCertificateTheServerRefusesAndTheCheckFails() throws Exception {
        Path kubeconfig = writeKubeconfig(
                String.format("    certificate-authority-data: %s\n    server: %s\n", base64("ca.crt"), server.url()),
                "    token: not-enough\n");

        CheckResult result = apiServerCheck(kubeconfig);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).startsWith("GET " + server.url() + "/readyz failed: ");
    }

    @Test
    void aServerCertificateFromAnotherCaIsRejected(@TempDir Path otherPki) throws Exception {
        TestPki other = TestPki.create(otherPki);
        Path kubeconfig = writeKubeconfig(
                String.format(
                        "    certificate-authority-data: %s\n    server: %s\n", base64(other, "ca.crt"), server.url()),
                String.format(
                        "    client-certificate-data: %s\n    client-key-data: %s\n",
                        base64("client-rsa.crt"), base64("client-rsa.key")));

        CheckResult result = apiServerCheck(kubeconfig);

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).contains("SSLHandshakeException");
    }

    @Test
    void aMissingKubeconfigSaysWhere() {
        Path missing = device.resolve("var/lib/kubesolo/pki/admin/admin.kubeconfig");

        assertThatThrownBy(() -> Kubeconfig.load(missing, DeviceRoot.of(device)))
                .isInstanceOf(HealthException.class)
                .hasMessage("kubeconfig " + missing + " does not exist");
    }

    @Test
    void execCredentialsAreRefused() throws Exception {
        Path kubeconfig = writeKubeconfig(
                String.format("    server: %s\n", server.url()),
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n");

        assertThatThrownBy(() -> Kubeconfig.load(kubeconfig, DeviceRoot.of(device)))
                .isInstanceOf(HealthException.class)
                .hasMessageContaining("exec and auth-provider credentials are not supported");
    }

    private CheckResult apiServerCheck(Path kubeconfig) {
        return new ApiServerCheck(api(kubeconfig)).run();
    }

    private KubernetesApi api(Path kubeconfig) {
        return KubernetesApi.connect(
                Kubeconfig.load(kubeconfig, DeviceRoot.of(device)), Duration.ofSeconds(10), new ObjectMapper());
    }

    private String[] embedded(String ca, String certificate, String key) throws Exception {
        return new String[] {
            String.format("    certificate-authority-data: %s\n    server: %s\n", base64(ca), server.url()),
            String.format(
                    "    client-certificate-data: %s\n    client-key-data: %s\n", base64(certificate), base64(key))
        };
    }

    private Path writeKubeconfig(String... clusterAndUser) throws Exception {
        // The shape client-go's clientcmd.WriteToFile gives KubeSolo's admin.kubeconfig.
        String text = "apiVersion: v1\n"
                + "clusters:\n- cluster:\n" + clusterAndUser[0] + "  name: kubesolo\n"
                + "contexts:\n- context:\n    cluster: kubesolo\n    user: kubesolo-admin\n  name: kubesolo\n"
                + "current-context: kubesolo\n"
                + "kind: Config\npreferences: {}\n"
                + "users:\n- name: kubesolo-admin\n  user:\n" + clusterAndUser[1];
        Path file = device.resolve("var/lib/kubesolo/pki/admin/admin.kubeconfig");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static String base64(String name) {
        return base64(pki, name);
    }

    private static String base64(TestPki from, String name) {
        return Base64.getEncoder().encodeToString(from.text(name).getBytes(StandardCharsets.US_ASCII));
    }
}
