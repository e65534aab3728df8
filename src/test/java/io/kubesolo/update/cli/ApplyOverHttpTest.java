package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.LatestJsonFields;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code apply} and {@code check} against an HTTP server that misbehaves on request (an in-process
 * server: a real static server cannot cut bodies short or loop redirects). Every case checks the
 * exit status, the one-line message, state.json, that slot B is not left looking complete, and that
 * grubenv and the active slot are byte for byte what they were.
 */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApplyOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private FaultServer server;
    private Map<String, String> protectedBefore;
    private final byte[] kernel = bytes(300_000, 7);
    private final byte[] initramfs = bytes(700_000, 11);

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
        server = new FaultServer();
        server.serve("/vmlinuz", kernel).serve("/kubesolo-os.gz", initramfs);
        serveLatest(release());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    // --- happy paths ---------------------------------------------------------------------------

    @Test
    void stagesTheReleaseIntoThePassiveSlot() throws Exception {
        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("staged v0.4.0 into slot B");
        assertThat(Files.readAllBytes(device.slot("B").resolve("vmlinuz"))).isEqualTo(kernel);
        assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(initramfs);
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        JsonNode state = state();
        assertThat(state.get("phase").asText()).isEqualTo("staged");
        assertThat(state.get("from_version").asText()).isEqualTo("v0.3.0");
        assertThat(state.get("to_version").asText()).isEqualTo("v0.4.0");
        assertThat(state.get("attempt_count").asInt()).isEqualTo(1);
        assertThat(state.get("last_error").isNull()).isTrue();
        assertThat(device.slot("B")).isDirectoryNotContaining("glob:**/.*");
        assertProtectedUnchanged();
    }

    @Test
    void aSecondApplyOfTheStagedReleaseDownloadsNothing() throws Exception {
        assertThat(apply().exitCode()).isZero();

        CommandRun again = apply();

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("slot B already holds v0.4.0; nothing downloaded");
        assertThat(server.gets("/vmlinuz")).isEqualTo(1);
        assertThat(server.gets("/kubesolo-os.gz")).isEqualTo(1);
        assertThat(state().get("phase").asText()).isEqualTo("staged");
        assertProtectedUnchanged();
    }

    @Test
    void keepsAFileThePassiveSlotAlreadyHoldsAndRemovesTheOldVersionFirst() throws Exception {
        Files.write(device.slot("B").resolve("vmlinuz"), kernel);
        Files.writeString(device.slot("B").resolve("kubesolo-os.gz"), "old initramfs");
        Files.writeString(device.slot("B").resolve("version"), "v0.2.0\n");
        server.on("/kubesolo-os.gz", exchange -> {
            // While the new initramfs downloads, the slot must not claim to hold any version.
            assertThat(device.slot("B").resolve("version")).doesNotExist();
            FaultServer.ok(initramfs).send(exchange);
        });

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(server.gets("/vmlinuz")).isZero();
        assertThat(server.gets("/kubesolo-os.gz")).isEqualTo(1);
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertProtectedUnchanged();
    }

    @Test
    void resolvesRelativeUrlsAgainstTheServerPathAndFollowsRedirects() throws Exception {
        Map<String, Object> release = release();
        release.put("vmlinuz_url", "files/vmlinuz");
        release.put("initramfs_url", server.url() + "/moved/kubesolo-os.gz");
        server.serve("/releases/latest.json", JSON.writeValueAsBytes(release))
                .serve("/releases/files/vmlinuz", kernel)
                .on("/moved/kubesolo-os.gz", FaultServer.redirect("/kubesolo-os.gz"));

        CommandRun run =
                CommandRun.of("apply", "--root", device.root().toString(), "--server", server.url() + "/releases");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(initramfs);
        assertProtectedUnchanged();
    }

    @Test
    void takesTheServerFromUpdateConfWhenNoFlagIsGiven() throws Exception {
        device.writeConf("# written by cloud-init\nserver=" + server.url() + "\n");

        CommandRun run = CommandRun.of("apply", "--root", device.root().toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void checkReportsTheUpdateAndWritesNothing() throws Exception {
        CommandRun run = CommandRun.of("check", "--root", device.root().toString(), "--server", server.url(), "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("update_available").asBoolean()).isTrue();
        assertThat(report.get("running_version").asText()).isEqualTo("v0.3.0");
        assertThat(report.get("available_version").asText()).isEqualTo("v0.4.0");
        assertThat(report.get("source").asText()).contains("plain HTTP");
        assertThat(report.get("gates")).hasSize(10);
        assertThat(device.hasState()).isFalse();
        assertThat(server.gets("/vmlinuz")).isZero();
        assertThat(device.slot("B")).isEmptyDirectory();
        assertProtectedUnchanged();
    }

    /**
     * A rollback run on slot B, before the reboot: GRUB boots A next, B still runs, and the state
     * file no longer says an activation is pending. The slot that reads as passive is the running
     * one, the way back; the slot guard refuses it from the kernel command line alone.
     */
    @Test
    void theSlotTheSystemRunsFromIsNeverWrittenEvenWhenGrubBootsTheOtherNext() throws Exception {
        Files.writeString(device.slot("B").resolve("vmlinuz"), "running kernel B");
        Files.writeString(device.slot("B").resolve("kubesolo-os.gz"), "running initramfs B");
        Files.writeString(device.slot("B").resolve("version"), "v0.3.1\n");
        device.install("/proc/cmdline", "BOOT_IMAGE=/vmlinuz kubesolo.slot=B\n".getBytes(StandardCharsets.UTF_8));

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err())
                .contains("refusing to write slot B: the system runs from it while GRUB boots slot A next");
        assertThat(server.gets("/vmlinuz")).isZero();
        assertThat(Files.readString(device.slot("B").resolve("vmlinuz"))).isEqualTo("running kernel B");
        assertThat(device.passiveVersion()).isEqualTo("v0.3.1");
        assertProtectedUnchanged();
    }

    @Test
    void checkNamesARefusingGateAndExitsThree() throws Exception {
        CommandRun run = CommandRun.of(
                "check", "--root", device.root().toString(), "--server", server.url(), "--channel", "beta");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.out())
                .contains("channel: REFUSED")
                .contains("refused by the channel gate: release channel 'stable', this device follows 'beta'");
        assertThat(device.hasState()).isFalse();
    }

    // --- bad metadata ----------------------------------------------------------------------------

    @Test
    void malformedJsonFails() throws Exception {
        server.serve("/latest.json", "{\"version\": \"v0.4.0\",".getBytes(StandardCharsets.UTF_8));
        assertFailed(apply(), "latest.json from " + server.url() + "/latest.json is not valid JSON");
    }

    @Test
    void missingRequiredFieldFails() throws Exception {
        Map<String, Object> release = release();
        release.remove("initramfs_sha256");
        serveLatest(release);
        assertFailed(apply(), "has no 'initramfs_sha256'");
    }

    @Test
    void nonHexDigestFails() throws Exception {
        Map<String, Object> release = release();
        release.put("vmlinuz_sha256", "z".repeat(64));
        serveLatest(release);
        assertFailed(apply(), "vmlinuz_sha256 is not a SHA-256 digest");
    }

    @Test
    void wrongLengthDigestFails() throws Exception {
        Map<String, Object> release = release();
        release.put("initramfs_sha256", Digest.of(initramfs).hex().substring(2));
        serveLatest(release);
        assertFailed(apply(), "initramfs_sha256 is not a SHA-256 digest");
    }

    @Test
    void oversizedLatestJsonFails() throws Exception {
        server.serve("/latest.json", bytes(1024 * 1024 + 1, 1));
        assertFailed(
                apply(),
                "latest.json at " + server.url() + "/latest.json is 1048577 bytes, more than the 1048576 allowed");
    }

    @Test
    void oversizedLatestJsonWithoutContentLengthFails() throws Exception {
        server.on("/latest.json", FaultServer.chunked(bytes(1024 * 1024 + 1, 1), 0));
        assertFailed(apply(), "is longer than the 1048576 bytes allowed");
    }

    @Test
    void junkVersionFails() throws Exception {
        Map<String, Object> release = release();
        release.put("version", "latest");
        serveLatest(release);
        assertFailed(apply(), "the release's version 'latest' is not a version (expected major.minor.patch");
    }

    @Test
    void urlWithAnotherSchemeIsRefused() throws Exception {
        Map<String, Object> release = release();
        release.put("vmlinuz_url", "file:///etc/shadow");
        serveLatest(release);
        assertFailed(apply(), "latest.json vmlinuz_url file:///etc/shadow is not an http:// or https:// URL");
    }

    @Test
    void serverWithAnotherSchemeIsAUsageError() throws Exception {
        CommandRun run = CommandRun.of("apply", "--root", device.root().toString(), "--server", "ftp://127.0.0.1/");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("update server 'ftp://127.0.0.1/' is not an http:// or https:// URL");
        assertThat(device.hasState()).isFalse();
        assertProtectedUnchanged();
    }

    // --- bad bodies ------------------------------------------------------------------------------

    @Test
    void digestMismatchFails() throws Exception {
        byte[] tampered = kernel.clone();
        tampered[1000] ^= 1;
        server.serve("/vmlinuz", tampered);
        assertFailed(
                apply(),
                "vmlinuz from " + server.url() + " (plain HTTP, not encrypted) has SHA-256 "
                        + Digest.of(tampered).hex() + ", the release declares "
                        + Digest.of(kernel).hex());
    }

    @Test
    void aBodyThatAlwaysBreaksAtTheSameByteIsRetriedABoundedNumberOfTimesAndKeptForTheNextApply() throws Exception {
        server.on("/kubesolo-os.gz", FaultServer.truncated(initramfs, 1000));

        CommandRun run = apply("--retries", "2", "--retry-delay", "10ms");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("kubesolo-update: downloading kubesolo-os.gz from " + server.url()
                        + " (plain HTTP, not encrypted) broke off at byte 1000 of " + initramfs.length)
                .contains("(gave up after 3 attempts in ")
                .contains("; kept 1000 of " + initramfs.length + " bytes in ");
        assertThat(run.err().lines().filter(line -> line.startsWith("retry "))).hasSize(2);
        assertThat(server.gets("/kubesolo-os.gz")).isEqualTo(3);
        assertThat(state().get("phase").asText()).isEqualTo("failed");
        assertThat(state().get("last_error").asText()).contains("the next apply continues from there");
        assertThat(device.slot("B").resolve("kubesolo-os.gz")).doesNotExist();
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.tmp")).hasSize(1000);
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.partial.json")).exists();
        device.assertPassiveNotComplete();
        assertProtectedUnchanged();
    }

    @Test
    void bodyLongerThanDeclaredFails() throws Exception {
        byte[] longer = Arrays.copyOf(kernel, kernel.length + 10);
        server.on("/vmlinuz", FaultServer.chunked(longer, kernel.length));
        assertFailed(
                apply(),
                "vmlinuz from " + server.url() + " (plain HTTP, not encrypted) is longer than the declared "
                        + kernel.length + " bytes");
    }

    @Test
    void contentLengthOtherThanDeclaredFails() throws Exception {
        server.serve("/vmlinuz", Arrays.copyOf(kernel, kernel.length + 10));
        assertFailed(apply(), "the server declares " + (kernel.length + 10) + " bytes, the release " + kernel.length);
    }

    @Test
    void redirectLoopFails() throws Exception {
        server.on("/latest.json", FaultServer.redirect("/a")).on("/a", FaultServer.redirect("/latest.json"));
        assertFailed(
                apply(),
                "redirect loop " + server.url() + "/latest.json -> " + server.url() + "/a -> " + server.url()
                        + "/latest.json");
    }

    @ParameterizedTest(name = "{0} answering {1}")
    @CsvSource({
        "/latest.json, 404", "/latest.json, 500",
        "/vmlinuz, 404", "/vmlinuz, 500",
        "/kubesolo-os.gz, 404", "/kubesolo-os.gz, 500"
    })
    void httpErrorOnAnyUrlFails(String path, int status) throws Exception {
        server.on(path, FaultServer.status(status));
        assertFailed(apply("--retry-delay", "1ms"), "GET " + server.url() + path);
        assertThat(state().get("last_error").asText()).contains("HTTP " + status);
    }

    // --- signatures ------------------------------------------------------------------------------

    @Test
    void signedReleaseIsStaged() throws Exception {
        SigningKey key = SigningKey.generate();
        String pubkey = signRelease(key, release());

        CommandRun run = apply("--pubkey", pubkey);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertProtectedUnchanged();
    }

    @Test
    void signatureOfWrongLengthIsRefused() throws Exception {
        String pubkey = signRelease(SigningKey.generate(), release());
        server.serve("/vmlinuz.sig", new byte[63]);
        assertRefused(
                apply("--pubkey", pubkey),
                "signature of vmlinuz (from " + server.url() + "/vmlinuz.sig) is not an Ed25519 signature (63 bytes");
    }

    @Test
    void metadataSignedByAnotherKeyIsRefused() throws Exception {
        String pubkey = signRelease(SigningKey.generate(), release());
        server.serve("/latest.json.sig", SigningKey.generate().sign(JSON.writeValueAsBytes(release())));
        assertRefused(
                apply("--pubkey", pubkey),
                "signature of latest.json from " + server.url() + "/latest.json is not valid for any trusted key");
    }

    @Test
    void kernelSignedByAnotherKeyIsRefused() throws Exception {
        String pubkey = signRelease(SigningKey.generate(), release());
        server.serve("/vmlinuz.sig", SigningKey.generate().sign(kernel));
        assertRefused(
                apply("--pubkey", pubkey),
                "signature of vmlinuz from " + server.url()
                        + " (plain HTTP, not encrypted) is not valid for any trusted key");
        assertThat(device.slot("B").resolve("vmlinuz")).doesNotExist();
    }

    @Test
    void missingMetadataSignatureIsRefused() throws Exception {
        String pubkey = signRelease(SigningKey.generate(), release());
        server.on("/latest.json.sig", FaultServer.status(404));
        assertRefused(
                apply("--pubkey", pubkey), "signature of latest.json is missing, and trusted keys are configured");
    }

    @Test
    void missingSignatureUrlWithAKeyIsRefused() throws Exception {
        Map<String, Object> release = release();
        SigningKey key = SigningKey.generate();
        String pubkey = signRelease(key, release);
        release.remove("initramfs_sig_url");
        serveSigned(key, release);
        assertRefused(apply("--pubkey", pubkey), "has no initramfs_sig_url, and trusted keys are configured");
    }

    @Test
    void signatureServerErrorFails() throws Exception {
        String pubkey = signRelease(SigningKey.generate(), release());
        server.on("/kubesolo-os.gz.sig", FaultServer.status(500));
        assertFailed(
                apply("--pubkey", pubkey),
                "GET " + server.url() + "/kubesolo-os.gz.sig (signature of kubesolo-os.gz): HTTP 500");
    }

    // --- gates -----------------------------------------------------------------------------------

    @Test
    void closedMaintenanceWindowRefusesBeforeAnyRequest() throws Exception {
        CommandRun run = apply("--maintenance-window", "00:00-00:00");

        assertGateRefused(run, "refused by the maintenance window gate: local time ");
        assertThat(run.err()).contains("window 00:00-00:00 is closed");
        assertThat(server.gets("/latest.json")).isZero();
    }

    @Test
    void forceSkipsTheMaintenanceWindow() throws Exception {
        device.writeConf("maintenance_window=00:00-00:00\n");

        CommandRun run = apply("--force");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void channelGateRefuses() throws Exception {
        assertGateRefused(
                apply("--channel", "beta"),
                "refused by the channel gate: release channel 'stable', this device follows 'beta'");
    }

    @Test
    void channelFlagOverridesUpdateConf() throws Exception {
        device.writeConf("channel=beta\n");
        assertThat(apply("--channel", "stable").exitCode()).isZero();
    }

    @Test
    void architectureGateRefuses() throws Exception {
        device.writeConf("architecture=riscv64\n");
        assertGateRefused(
                apply(),
                "refused by the architecture gate: release is for " + MachineArchitecture.ofThisMachine()
                        + ", this machine is riscv64");
    }

    @Test
    void minimumVersionGateRefuses() throws Exception {
        Map<String, Object> release = release();
        release.put("min_compatible_version", "v0.3.1");
        serveLatest(release);
        assertGateRefused(
                apply(), "refused by the minimum version gate: release requires at least v0.3.1, running v0.3.0");
    }

    @Test
    void signedExpiredMetadataIsRefusedUnlessAllowed() throws Exception {
        Map<String, Object> release = release();
        release.put("expires", "2025-06-30T12:00:00+02:00");
        String pubkey = signRelease(SigningKey.generate(), release);

        assertGateRefused(
                apply("--pubkey", pubkey),
                "refused by the freshness gate: release v0.4.0 expired at " + "2025-06-30T10:00:00Z");

        CommandRun allowed = apply("--pubkey", pubkey, "--allow-expired");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void anExpiryThatIsNotRfc3339Fails() throws Exception {
        Map<String, Object> release = release();
        release.put("expires", "next tuesday");
        serveLatest(release);

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("expires 'next tuesday' is not an RFC 3339 date");
    }

    @Test
    void downgradeIsRefusedUnlessAllowed() throws Exception {
        Map<String, Object> release = release();
        release.put("version", "v0.2.9");
        serveLatest(release);
        assertGateRefused(
                apply(),
                "refused by the downgrade protection gate: release v0.2.9, running v0.3.0 "
                        + "is a downgrade; pass --allow-downgrade to install it");

        CommandRun allowed = apply("--allow-downgrade");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.2.9");
    }

    @Test
    void sameVersionIsUpToDateUnlessReinstalling() throws Exception {
        Map<String, Object> release = release();
        release.put("version", "0.3.0");
        serveLatest(release);

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("already up to date: running v0.3.0, the release is 0.3.0");
        assertThat(device.hasState()).isFalse();
        assertThat(server.gets("/vmlinuz")).isZero();
        assertThat(device.slot("B")).isEmptyDirectory();

        CommandRun reinstall = apply("--reinstall");
        assertThat(reinstall.exitCode()).as(reinstall.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("0.3.0");
        assertProtectedUnchanged();
    }

    @Test
    void freeSpaceGateRefuses() throws Exception {
        Map<String, Object> release = release();
        release.put("initramfs_size", 1L << 50);
        serveLatest(release);
        assertGateRefused(apply(), "refused by the free space gate: needs ");
        assertThat(server.gets("/vmlinuz")).isZero();
    }

    @Test
    void pendingActivationRefusesAndKeepsTheState() throws Exception {
        String activated = "{\"phase\":\"activated\",\"from_version\":\"v0.2.0\",\"to_version\":\"v0.3.0\","
                + "\"attempt_count\":1,\"health_check_failures\":0}";
        Files.createDirectories(device.stateFile().getParent());
        Files.writeString(device.stateFile(), activated);

        CommandRun run = apply("--force");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err())
                .contains("refused by the pending activation gate: the update lifecycle is in phase 'activated'");
        assertThat(device.stateJson()).isEqualTo(activated);
        assertThat(server.gets("/latest.json")).isZero();
        assertProtectedUnchanged();
    }

    @Test
    void serverAndRegistryTogetherAreAUsageError() throws Exception {
        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--server",
                server.url(),
                "--registry",
                "127.0.0.1:5000/os");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private CommandRun apply(String... extra) {
        List<String> args =
                new ArrayList<>(List.of("apply", "--root", device.root().toString(), "--server", server.url()));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private Map<String, Object> release() {
        Map<String, Object> release = LatestJsonFields.of("v0.4.0", kernel, initramfs);
        release.put("channel", "stable");
        release.put("future_key_we_do_not_know", List.of(1, 2));
        return release;
    }

    private void serveLatest(Map<String, Object> release) throws IOException {
        server.serve("/latest.json", JSON.writeValueAsBytes(release));
    }

    /** Signs the files and {@code release} (adding signature URLs); returns the device path of the public key. */
    private String signRelease(SigningKey key, Map<String, Object> release) throws IOException {
        release.put("vmlinuz_sig_url", "vmlinuz.sig");
        release.put("initramfs_sig_url", "kubesolo-os.gz.sig");
        server.serve("/vmlinuz.sig", key.sign(kernel)).serve("/kubesolo-os.gz.sig", key.sign(initramfs));
        serveSigned(key, release);
        return device.install(
                "/etc/kubesolo/keys/release.pub", key.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
    }

    private void serveSigned(SigningKey key, Map<String, Object> release) throws IOException {
        byte[] latest = JSON.writeValueAsBytes(release);
        server.serve("/latest.json", latest).serve("/latest.json.sig", key.sign(latest));
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(device.stateJson());
    }

    private void assertFailed(CommandRun run, String message) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertAttemptFailed(run, message);
    }

    private void assertRefused(CommandRun run, String message) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertAttemptFailed(run, message);
    }

    private void assertAttemptFailed(CommandRun run, String message) throws IOException {
        assertThat(run.err()).as(run.toString()).contains("kubesolo-update: ").contains(message);
        assertThat(run.err().lines().filter(line -> line.startsWith("kubesolo-update: ")))
                .hasSize(1);
        JsonNode state = state();
        assertThat(state.get("phase").asText()).isEqualTo("failed");
        assertThat(state.get("last_error").asText()).contains(message);
        assertThat(state.get("from_version").asText()).isEqualTo("v0.3.0");
        device.assertPassiveNotComplete();
        assertThat(device.slot("B")).isDirectoryNotContaining("glob:**/.*");
        assertProtectedUnchanged();
    }

    /** A gate's refusal: exit 3, one line, recorded as failed without counting an attempt, nothing staged. */
    private void assertGateRefused(CommandRun run, String message) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err().lines().filter(line -> line.startsWith("kubesolo-update: ")))
                .singleElement()
                .asString()
                .startsWith("kubesolo-update: " + message);
        JsonNode state = state();
        assertThat(state.get("phase").asText()).isEqualTo("failed");
        assertThat(state.get("last_error").asText()).startsWith(message);
        assertThat(state.get("attempt_count").asInt())
                .as("a refusal is not an attempt")
                .isZero();
        assertThat(device.slot("B")).isEmptyDirectory();
        assertProtectedUnchanged();
    }

    private void assertProtectedUnchanged() throws IOException {
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
