package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.OpensslRelease;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side against tools that are not ours: a release made with openssl and sha256sum and a
 * hand-written latest.json, served by {@code python3 -m http.server}, is applied on a simulated
 * device; and what {@code publish} writes verifies with {@code openssl pkeyutl -verify} and
 * {@code sha256sum -c}, and is applied in turn.
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpReleaseInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private Map<String, String> protectedBefore;
    private OpensslRelease openssl;
    private Path privateKey;
    private Path publicKey;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
        openssl = OpensslRelease.withNewKey(temp);
        privateKey = openssl.privateKey();
        publicKey = openssl.publicKeyPem();
    }

    @Test
    void appliesAReleaseMadeWithOpensslAndServedByPython() throws Exception {
        Path site = Files.createDirectories(temp.resolve("site"));
        Path files = openssl.writeSite(site, "v0.4.0", randomBytes(2_000_000, 1), randomBytes(3_000_000, 2));
        String pubkey = device.install("/etc/kubesolo/keys/release.pem", Files.readAllBytes(publicKey));
        device.writeConf("channel=stable\npubkey=" + pubkey + "\n");

        try (PythonHttpServer server = PythonHttpServer.serve(site)) {
            CommandRun check = CommandRun.of("check", "--root", device.root().toString(), "--server", server.url());
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(check.out())
                    .contains("source: " + server.url() + " (plain HTTP, not encrypted)")
                    .contains("signatures: verified against 1 trusted key")
                    .contains("update available: v0.3.0 -> v0.4.0");
            assertThat(device.hasState()).isFalse();

            CommandRun apply = CommandRun.of("apply", "--root", device.root().toString(), "--server", server.url());

            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(apply.out()).contains("staged v0.4.0 into slot B");
        }
        assertThat(Files.readAllBytes(device.slot("B").resolve("vmlinuz")))
                .isEqualTo(Files.readAllBytes(files.resolve("vmlinuz")));
        assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(Files.readAllBytes(files.resolve("kubesolo-os.gz")));
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        JsonNode state = JSON.readTree(device.stateJson());
        assertThat(state.get("phase").asText()).isEqualTo("staged");
        assertThat(state.get("to_version").asText()).isEqualTo("v0.4.0");
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    @Test
    void publishWritesWhatOpensslAndSha256sumVerifyAndTheAgentApplies() throws Exception {
        Path kernel = temp.resolve("bzImage");
        Path initramfs = temp.resolve("initrd.gz");
        Files.write(kernel, randomBytes(1_500_000, 3));
        Files.write(initramfs, randomBytes(2_500_000, 4));
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
                out.toString(),
                "--key",
                privateKey.toString(),
                "--channel",
                "stable",
                "--min-compatible-version",
                "v0.2.0",
                "--architecture",
                MachineArchitecture.ofThisMachine(),
                "--release-notes",
                "Fixes.",
                "--release-date",
                "2026-05-01T12:00:00Z",
                "--expires-in",
                "2w");

        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        JsonNode latest = JSON.readTree(out.resolve("latest.json").toFile());
        assertThat(java.time.Duration.between(
                        java.time.Instant.now(),
                        java.time.Instant.parse(latest.get("expires").asText())))
                .isBetween(java.time.Duration.ofDays(14).minusMinutes(5), java.time.Duration.ofDays(14));
        assertThat(latest.get("vmlinuz_url").asText()).isEqualTo("v0.4.0/vmlinuz");
        assertThat(latest.get("metadata_sig_url").asText()).isEqualTo("latest.json.sig");
        for (String file : List.of("latest.json", "v0.4.0/vmlinuz", "v0.4.0/kubesolo-os.gz")) {
            assertThat(Files.size(out.resolve(file + ".sig"))).isEqualTo(64);
            assertThat(OpenSsl.verified(out, publicKey.toString(), file, file + ".sig"))
                    .contains("Signature Verified Successfully");
        }
        Files.writeString(
                out.resolve("SHA256SUMS"),
                latest.get("vmlinuz_sha256").asText() + "  "
                        + latest.get("vmlinuz_url").asText() + "\n"
                        + latest.get("initramfs_sha256").asText() + "  "
                        + latest.get("initramfs_url").asText() + "\n");
        assertThat(Processes.output(List.of("sha256sum", "-c", "SHA256SUMS"), out))
                .contains("v0.4.0/vmlinuz: OK")
                .contains("v0.4.0/kubesolo-os.gz: OK");

        String pubkey = device.install("/etc/kubesolo/keys/release.pem", Files.readAllBytes(publicKey));
        try (PythonHttpServer server = PythonHttpServer.serve(out)) {
            CommandRun apply = CommandRun.of(
                    "apply",
                    "--root",
                    device.root().toString(),
                    "--server",
                    server.url(),
                    "--pubkey",
                    pubkey,
                    "--channel",
                    "stable");
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
        }
        assertThat(Files.readAllBytes(device.slot("B").resolve("vmlinuz"))).isEqualTo(Files.readAllBytes(kernel));
        assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(Files.readAllBytes(initramfs));
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    @Test
    void publishWithoutAKeyWritesNoSignaturesAndAbsoluteUrlsUnderABaseUrl() throws Exception {
        Path kernel = Files.write(temp.resolve("k"), randomBytes(1000, 5));
        Path initramfs = Files.write(temp.resolve("i"), randomBytes(2000, 6));
        Path out = temp.resolve("release");

        CommandRun publish = CommandRun.of(
                "publish",
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                "1.2.3",
                "--out",
                out.toString(),
                "--base-url",
                "https://updates.example.com/os");

        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        JsonNode latest = JSON.readTree(out.resolve("latest.json").toFile());
        assertThat(latest.get("vmlinuz_url").asText()).isEqualTo("https://updates.example.com/os/1.2.3/vmlinuz");
        assertThat(latest.get("initramfs_size").asLong()).isEqualTo(2000);
        assertThat(latest.has("vmlinuz_sig_url")).isFalse();
        assertThat(latest.has("metadata_sig_url")).isFalse();
        assertThat(out.resolve("latest.json.sig")).doesNotExist();
        assertThat(out.resolve("1.2.3/vmlinuz.sig")).doesNotExist();
    }

    @Test
    void expiresInMustBeAPeriod() throws Exception {
        CommandRun publish = CommandRun.of(
                "publish",
                "--kernel",
                "k",
                "--initramfs",
                "i",
                "--version",
                "v1.0.0",
                "--out",
                temp.resolve("release").toString(),
                "--expires-in",
                "30 days");

        assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(2);
        assertThat(publish.err()).contains("'30 days' is not a period such as 30d, 12h, 2w or 90m");
    }

    @Test
    void publishRefusesAJunkVersion() throws Exception {
        Path kernel = Files.write(temp.resolve("k"), randomBytes(10, 5));
        Path out = temp.resolve("release");

        CommandRun publish = CommandRun.of(
                "publish",
                "--kernel",
                kernel.toString(),
                "--initramfs",
                kernel.toString(),
                "--version",
                "next",
                "--out",
                out.toString());

        assertThat(publish.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(publish.err()).contains("release version 'next' is not a version");
        assertThat(out).doesNotExist();
    }

    private static byte[] randomBytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
