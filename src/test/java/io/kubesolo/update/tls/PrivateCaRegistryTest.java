package io.kubesolo.update.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.health.TestPki;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.oci.Pusher;
import io.kubesolo.update.oci.Reference;
import io.kubesolo.update.oci.RegistryAccess;
import io.kubesolo.update.oci.RegistryClient;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry serving HTTPS with a certificate a private CA signed and asking for a client
 * certificate from that CA (distribution's {@code http.tls} with {@code clientcas}): the agent
 * reaches it with the containers' {@code certs.d/HOST:PORT/} files and not without them.
 */
@Tag("system")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PrivateCaRegistryTest {

    @TempDir
    static Path pkiDirectory;

    @TempDir
    Path temp;

    private static TestPki pki;
    private static LocalRegistry registry;

    @BeforeAll
    static void startRegistryAndPush() throws Exception {
        pki = TestPki.create(pkiDirectory);
        registry = LocalRegistry.withTls(
                new LocalRegistry.Tls(pki.file("server.crt"), pki.file("server.key"), Optional.of(pki.file("ca.crt"))));
        registry.start();
        Path certsDir = pkiDirectory.resolve("certs.d");
        certsDir(certsDir.resolve(registry.host()));
        HttpTransport transport = new HttpTransport(
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                "test",
                Retry.none(),
                ProxyRules.none(),
                TlsContexts.of(new TrustSources(Optional.empty(), Optional.empty(), List.of(certsDir))));
        RegistryClient store = RegistryClient.of(
                Reference.parse(registry.host() + "/kubesolo/os"),
                RegistryAccess.of(false, reference -> Optional.empty()).with(transport));
        Path kernel = Files.writeString(pkiDirectory.resolve("vmlinuz"), "kernel");
        Path initramfs = Files.writeString(pkiDirectory.resolve("kubesolo-os.gz"), "initramfs");
        new Pusher(store)
                .push(
                        kernel,
                        initramfs,
                        ReleaseMetadataBuilder.version("v0.3.0")
                                .channel("stable")
                                .architecture(MachineArchitecture.ofThisMachine())
                                .build(),
                        List.of("stable"));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        registry.stop();
    }

    /** ca.crt, client.cert and client.key for the registry, as podman users keep them. */
    private static void certsDir(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(pki.file("ca.crt"), directory.resolve("ca.crt"));
        Files.copy(pki.file("client-rsa.crt"), directory.resolve("client.cert"));
        Files.copy(pki.file("client-rsa-pkcs8.key"), directory.resolve("client.key"));
    }

    private CommandRun check(SimulatedDevice device) {
        return CommandRun.of(
                "check",
                "--root",
                device.rootArg(),
                "--registry",
                registry.host() + "/kubesolo/os",
                "--tag",
                "stable",
                "--retries",
                "0");
    }

    @Test
    void theDeviceReachesAMutualTlsRegistryThroughItsCertsDirectory() throws Exception {
        SimulatedDevice device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        CommandRun untrusted = check(device);
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(1);
        assertThat(untrusted.err()).contains("cannot reach https://" + registry.host());

        certsDir(device.root().resolve("etc/containers/certs.d").resolve(registry.host()));
        CommandRun trusted = check(device);
        assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
        assertThat(trusted.out()).contains("update available: v0.2.0 -> v0.3.0");
    }

    @Test
    void withoutTheClientCertificateTheRegistryRefusesTheDevice() throws Exception {
        SimulatedDevice device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        Path directory = device.root().resolve("etc/containers/certs.d").resolve(registry.host());
        Files.createDirectories(directory);
        Files.copy(pki.file("ca.crt"), directory.resolve("ca.crt"));
        CommandRun run = check(device);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach https://" + registry.host());
    }
}
