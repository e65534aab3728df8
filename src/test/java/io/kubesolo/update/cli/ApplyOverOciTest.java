package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release side and the agent end to end over a real registry: {@code push} and {@code index}
 * publish, {@code check} and {@code apply --registry --tag --plain-http} read, on a simulated
 * device. Every failure leaves the passive slot incomplete and grubenv and the active slot as they were.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApplyOverOciTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @RegisterExtension
    static final LocalRegistry PROTECTED_REGISTRY = LocalRegistry.withBasicAuth("fleet", "device-pw");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private Map<String, String> protectedBefore;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
    }

    /** Unique bytes per test and architecture: the registry shares blobs between repositories. */
    private Path artifact(String name, String architecture) throws IOException {
        return Files.writeString(
                temp.resolve(architecture + "-" + name), (name + " " + architecture + " " + temp + " ").repeat(2000));
    }

    /** Pushes v0.4.0 for each architecture and indexes them under {@code stable}. */
    private void publish(String registry, String... architectures) throws IOException {
        List<String> index =
                new ArrayList<>(List.of("index", "--registry", registry, "--tag", "stable", "--plain-http"));
        for (String architecture : architectures) {
            CommandRun push = ReleasePush.of(
                            registry,
                            artifact("vmlinuz", architecture),
                            artifact("kubesolo-os.gz", architecture),
                            "v0.4.0")
                    .architecture(architecture)
                    .tags()
                    .flags(
                            "--channel",
                            "stable",
                            "--min-compatible-version",
                            "v0.2.0",
                            "--release-date",
                            "2026-11-20T08:00:00Z")
                    .run();
            assertThat(push.out())
                    .contains("pushed " + registry.replace("oci-layout:", "OCI layout ") + ":v0.4.0-" + architecture);
            index.addAll(List.of("--from", "v0.4.0-" + architecture));
        }
        CommandRun run = CommandRun.of(index.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    private CommandRun apply(String repository, String... extra) {
        return device.applyFromRegistry(REGISTRY.host() + "/" + repository, extra);
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(device.stateJson());
    }

    private void assertProtectedUnchanged() throws IOException {
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    @Test
    void appliesTheReleaseForThisMachinesArchitectureFromAnIndex() throws Exception {
        publish(REGISTRY.host() + "/kubesolo/os", "amd64", "arm64");
        device.writeConf("architecture=arm64\n");

        CommandRun run = apply("kubesolo/os");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("source: " + REGISTRY.host() + "/kubesolo/os:stable");
        assertThat(run.out()).contains("staged v0.4.0 into slot B");
        assertThat(device.slot("B").resolve("vmlinuz")).hasSameBinaryContentAs(artifact("vmlinuz", "arm64"));
        assertThat(device.slot("B").resolve("kubesolo-os.gz"))
                .hasSameBinaryContentAs(artifact("kubesolo-os.gz", "arm64"));
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertThat(state().get("phase").asText()).isEqualTo("staged");
        assertProtectedUnchanged();
    }

    @Test
    void checkReportsTheReleaseWithoutDownloadingABlob() throws Exception {
        publish(REGISTRY.host() + "/kubesolo/check", "amd64");
        device.writeConf("architecture=amd64\n");
        int before = REGISTRY.log().size();

        CommandRun run = CommandRun.of(
                "check",
                "--root",
                device.root().toString(),
                "--registry",
                REGISTRY.host() + "/kubesolo/check",
                "--tag",
                "stable",
                "--plain-http");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("available: v0.4.0, channel stable, amd64")
                .contains("update available: v0.3.0 -> v0.4.0");
        assertThat(REGISTRY.log().subList(before, REGISTRY.log().size()))
                .noneSatisfy(line -> assertThat(line).contains("/blobs/"));
        assertThat(device.hasState()).isFalse();
    }

    @Test
    void blobAlteredOnTheRegistrysDiskStagesNothing() throws Exception {
        publish(REGISTRY.host() + "/kubesolo/tampered", "amd64");
        device.writeConf("architecture=amd64\n");
        byte[] initramfs = Files.readAllBytes(artifact("kubesolo-os.gz", "amd64"));
        byte[] altered = initramfs.clone();
        altered[altered.length / 2] ^= 0x20;
        Files.write(REGISTRY.blobData(Digest.of(initramfs)), altered);

        CommandRun run = apply("kubesolo/tampered");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        String mismatch = "has SHA-256 " + Digest.of(altered).hex() + ", the release declares "
                + Digest.of(initramfs).hex();
        assertThat(run.err())
                .contains("kubesolo-update: ")
                .contains("kubesolo-os.gz from " + REGISTRY.host() + "/kubesolo/tampered:stable")
                .contains(mismatch);
        assertThat(state().get("phase").asText()).isEqualTo("failed");
        assertThat(state().get("last_error").asText()).contains(mismatch);
        device.assertPassiveNotComplete();
        assertThat(device.slot("B").resolve("kubesolo-os.gz")).doesNotExist();
        assertThat(device.slot("B")).isDirectoryNotContaining("glob:**/.*");
        assertProtectedUnchanged();
    }

    @Test
    void arm64OnlyReleaseOnAnAmd64MachineIsRefused() throws Exception {
        publish(REGISTRY.host() + "/kubesolo/armonly", "arm64");
        device.writeConf("architecture=amd64\n");

        CommandRun run = apply("kubesolo/armonly");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err())
                .contains("kubesolo-update: release stable in " + REGISTRY.host()
                        + "/kubesolo/armonly has no manifest for linux/amd64; it has linux/arm64/v8");
        device.assertPassiveNotComplete();
        assertProtectedUnchanged();
    }

    @Test
    void readsRegistryTagAndPlainHttpFromUpdateConf() throws Exception {
        publish(REGISTRY.host() + "/kubesolo/conf", "amd64");
        device.writeConf(
                "registry=" + REGISTRY.host() + "/kubesolo/conf\ntag=stable\nplain_http=true\narchitecture=amd64\n");

        CommandRun run = CommandRun.of("apply", "--root", device.root().toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void withoutPlainHttpTheRegistryIsReachedOverHttps() throws Exception {
        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                REGISTRY.host() + "/kubesolo/os",
                "--tag",
                "stable");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot reach https://" + REGISTRY.host());
        assertProtectedUnchanged();
    }

    @Test
    void appliesFromAnOciLayoutDirectoryOnTheDevice() throws Exception {
        Path usb = device.root().resolve("media/usb/release");
        publish("oci-layout:" + usb, "amd64");
        device.writeConf("architecture=amd64\n");

        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                "oci-layout:/media/usb/release",
                "--tag",
                "stable");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.slot("B").resolve("vmlinuz")).hasSameBinaryContentAs(artifact("vmlinuz", "amd64"));
    }

    @Test
    void basicAuthCredentialsComeFromUpdateConfAndAPasswordFile() throws Exception {
        Path authFile = temp.resolve("auth.json");
        Files.writeString(
                authFile,
                "{\"auths\":{\"" + PROTECTED_REGISTRY.host() + "\":{\"auth\":\""
                        + java.util.Base64.getEncoder()
                                .encodeToString("fleet:device-pw".getBytes(StandardCharsets.UTF_8))
                        + "\"}}}");
        String registry = PROTECTED_REGISTRY.host() + "/kubesolo/private";
        ReleasePush.of(registry, artifact("vmlinuz", "amd64"), artifact("kubesolo-os.gz", "amd64"), "v0.4.0")
                .flags("--authfile", authFile.toString())
                .run();
        device.install("/etc/kubesolo/registry-password", "device-pw\n".getBytes(StandardCharsets.UTF_8));
        device.writeConf("registry=" + registry + "\ntag=stable\nplain_http=true\narchitecture=amd64\n"
                + "registry_username=fleet\nregistry_password_file=/etc/kubesolo/registry-password\n");

        CommandRun run = CommandRun.of("apply", "--root", device.root().toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void wrongRegistryPasswordIsAFailureThatDoesNotShowIt() throws Exception {
        device.writeConf("registry=" + PROTECTED_REGISTRY.host() + "/kubesolo/private\ntag=stable\nplain_http=true\n"
                + "registry_username=fleet\nregistry_password=not-the-pw\n");

        CommandRun run = CommandRun.of("check", "--root", device.root().toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("the registry refused the credentials of user fleet")
                .doesNotContain("not-the-pw");
    }

    @Test
    void usageErrorsAreReportedBeforeAnyRequest() {
        CommandRun badReference = CommandRun.of(
                "check", "--root", device.root().toString(), "--registry", "Not A Reference", "--tag", "stable");
        assertThat(badReference.exitCode()).as(badReference.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badReference.err()).contains("'Not A Reference' is not a registry reference");

        CommandRun noTag =
                CommandRun.of("check", "--root", device.root().toString(), "--registry", REGISTRY.host() + "/os");
        assertThat(noTag.exitCode()).as(noTag.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTag.err()).contains("no release tag for registry " + REGISTRY.host() + "/os: give --tag TAG");

        CommandRun badTag = CommandRun.of(
                "push",
                "--registry",
                REGISTRY.host() + "/os",
                "--plain-http",
                "--kernel",
                "k",
                "--initramfs",
                "i",
                "--version",
                "v1.0.0",
                "--architecture",
                "amd64",
                "--tag",
                "-bad");
        assertThat(badTag.exitCode()).as(badTag.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTag.err()).contains("'-bad' is not a valid tag");
    }
}
