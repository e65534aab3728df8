package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
 * {@code apply} from a registry with a trusted key configured, end to end on a simulated device:
 * a release signed by a trusted key is staged; every other case is refused (exit 3) with the state
 * {@code failed}, no kernel or initramfs blob downloaded, slot B without a version, and the active
 * slot and grubenv byte for byte as they were.
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignedApplyTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final SigningKey TRUSTED = SigningKey.generate();
    private static final SigningKey NEXT = SigningKey.generate();
    private static final SigningKey STRANGER = SigningKey.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private Map<String, String> protectedBefore;
    private Path kernel;
    private Path initramfs;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        device.install(
                "/etc/kubesolo/keys/release.pub", TRUSTED.publicKey().hex().getBytes(StandardCharsets.UTF_8));
        device.writeConf("architecture=amd64\npubkey=/etc/kubesolo/keys\n");
        protectedBefore = device.protectedBytes();
        kernel = Files.writeString(temp.resolve("vmlinuz"), ("signed kernel " + temp).repeat(500));
        initramfs = Files.writeString(temp.resolve("kubesolo-os.gz"), ("signed initramfs " + temp).repeat(500));
    }

    private Pusher.Pushed push(ContentStore store, String version, Optional<Instant> expires) {
        ReleaseMetadata metadata = ReleaseMetadataBuilder.version(version)
                .channel("stable")
                .architecture("amd64")
                .expires(expires)
                .build();
        return new Pusher(store).push(kernel, initramfs, metadata, List.of("stable"));
    }

    private CommandRun apply(String repository, String... extra) {
        return device.applyFromRegistry(REGISTRY.host() + "/" + repository, extra);
    }

    /** Attaches a signature referrer by hand, as a broken or hostile signer could. */
    private static void attach(
            ContentStore store, Descriptor subject, byte[] signature, String layerType, String keyId) {
        Descriptor layer = Descriptor.of(layerType, Digest.of(signature), signature.length);
        store.pushBlob(layer, () -> new ByteArrayInputStream(signature));
        ImageManifest referrer = SignatureArtifact.of(subject, Pusher.pushEmptyConfig(store), layer, keyId);
        byte[] bytes = ManifestCodec.write(referrer);
        store.pushReferrer(bytes, MediaTypes.OCI_MANIFEST);
        ReferrersTag.add(
                store,
                subject.digest(),
                new Descriptor(
                        MediaTypes.OCI_MANIFEST,
                        Digest.of(bytes),
                        bytes.length,
                        referrer.annotations(),
                        Optional.empty(),
                        referrer.artifactType()));
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(device.stateJson());
    }

    private void assertRefusedAndNothingStaged(CommandRun run, int logMark, String... message) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        for (String part : message) {
            assertThat(run.err()).as(run.toString()).contains(part);
            assertThat(state().path("last_error").asText()).contains(part);
        }
        assertThat(run.err()).startsWith("source: ").contains("\nkubesolo-update: ");
        assertThat(state().path("phase").asText()).isEqualTo("failed");
        device.assertPassiveNotComplete();
        assertThat(device.slot("B")).isEmptyDirectory();
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
        List<String> served = REGISTRY.log().subList(logMark, REGISTRY.log().size());
        for (Path layer : List.of(kernel, initramfs)) {
            String digest = Digest.of(Files.readAllBytes(layer)).toString();
            assertThat(served)
                    .as("no layer downloaded")
                    .noneSatisfy(line -> assertThat(line).contains("GET ").contains(digest));
        }
    }

    @Test
    void aReleasePushedWithSignKeyIsStagedByADeviceTrustingAKeyDirectory() throws Exception {
        device.install("/etc/kubesolo/keys/next.pub", NEXT.publicKey().toPem().getBytes(StandardCharsets.UTF_8));
        Path key = Files.writeString(temp.resolve("next.key"), NEXT.toPkcs8Pem());
        String repository = REGISTRY.host() + "/signed/cli";

        CommandRun push = ReleasePush.of(repository, kernel, initramfs, "v0.4.0")
                .flags("--sign-key", key.toString(), "--expires-in", "30d")
                .run();
        assertThat(push.out())
                .containsPattern("signed " + repository + "@sha256:[0-9a-f]{64}: signature sha256:[0-9a-f]{64}"
                        + " \\(referrers tag sha256-[0-9a-f]{64}\\)")
                .contains("key id: " + NEXT.publicKey().keyId())
                .containsPattern("expires 20[0-9-]+T[0-9:]+Z");
        CommandRun check = CommandRun.of(
                "check",
                "--root",
                device.root().toString(),
                "--registry",
                repository,
                "--tag",
                "stable",
                "--plain-http");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains(", expires ").contains("freshness: ok (release expires ");
        CommandRun run = apply("signed/cli");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertThat(device.slot("B").resolve("vmlinuz")).hasSameBinaryContentAs(kernel);
    }

    @Test
    void signingAnExistingReleaseLaterWithTheSignCommandMakesItAcceptable() throws Exception {
        push(REGISTRY.store("signed/later"), "v0.4.0", Optional.empty());
        Path key = Files.writeString(temp.resolve("release.key"), TRUSTED.toPkcs8Pem());

        CommandRun sign = CommandRun.of(
                "sign",
                "--key",
                key.toString(),
                "--registry",
                REGISTRY.host() + "/signed/later",
                "--plain-http",
                "--tag",
                "stable");

        assertThat(sign.exitCode()).as(sign.toString()).isZero();
        assertThat(sign.out()).contains("key id: " + TRUSTED.publicKey().keyId());
        assertThat(apply("signed/later").exitCode()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void anUnsignedReleaseIsRefused() throws Exception {
        Pusher.Pushed pushed = push(REGISTRY.store("signed/none"), "v0.4.0", Optional.empty());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/none"),
                mark,
                "release stable in " + REGISTRY.host()
                        + "/signed/none is not signed: manifest "
                        + pushed.manifest().digest() + " has no "
                        + MediaTypes.SIGNATURE_ARTIFACT + " referrer, and trusted keys are configured (1 key: "
                        + TRUSTED.publicKey().shortId() + ")");
    }

    @Test
    void aSignatureByAnUntrustedKeyIsRefused() throws Exception {
        ContentStore store = REGISTRY.store("signed/stranger");
        new ManifestSigner(store, STRANGER)
                .signManifest(push(store, "v0.4.0", Optional.empty()).manifest());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/stranger"),
                mark,
                "has no valid signature by a trusted key (1 key: "
                        + TRUSTED.publicKey().shortId() + ")",
                "is by key " + STRANGER.publicKey().shortId() + ", which is not trusted");
    }

    @Test
    void aSignatureOverOtherBytesIsRefused() throws Exception {
        ContentStore store = REGISTRY.store("signed/otherbytes");
        Pusher.Pushed pushed = push(store, "v0.4.0", Optional.empty());
        byte[] served =
                store.fetchManifest(pushed.manifest().digest().toString()).bytes();
        byte[] reserialised =
                new String(served, StandardCharsets.UTF_8).replace("{", "{ ").getBytes(StandardCharsets.UTF_8);
        attach(
                store,
                pushed.manifest(),
                TRUSTED.sign(reserialised),
                MediaTypes.SIGNATURE_LAYER,
                TRUSTED.publicKey().keyId());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/otherbytes"),
                mark,
                "has no valid signature by a trusted key",
                "by key " + TRUSTED.publicKey().shortId() + " does not verify over the manifest's bytes");
    }

    @Test
    void aMalformedSignatureArtifactIsRefused() throws Exception {
        ContentStore store = REGISTRY.store("signed/malformed");
        Pusher.Pushed pushed = push(store, "v0.4.0", Optional.empty());
        byte[] served =
                store.fetchManifest(pushed.manifest().digest().toString()).bytes();
        byte[] truncated = java.util.Arrays.copyOf(TRUSTED.sign(served), 63);
        attach(
                store,
                pushed.manifest(),
                truncated,
                MediaTypes.SIGNATURE_LAYER,
                TRUSTED.publicKey().keyId());
        attach(
                store,
                pushed.manifest(),
                TRUSTED.sign(served),
                "application/octet-stream",
                TRUSTED.publicKey().keyId());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/malformed"),
                mark,
                "has no valid signature by a trusted key",
                "has a signature layer of 63 bytes; an Ed25519 signature has 64",
                "layers of types [application/octet-stream]; expected exactly one " + MediaTypes.SIGNATURE_LAYER);
    }

    @Test
    void anExpiredReleaseIsRefusedUnlessAllowed() throws Exception {
        ContentStore store = REGISTRY.store("signed/expired");
        new ManifestSigner(store, TRUSTED)
                .signManifest(push(store, "v0.4.0", Optional.of(Instant.parse("2025-01-01T00:00:00Z")))
                        .manifest());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/expired"),
                mark,
                "refused by the freshness gate: release v0.4.0" + " expired at 2025-01-01T00:00:00Z",
                "pass --allow-expired");
        assertThat(state().path("to_version").asText()).isEqualTo("v0.4.0");

        CommandRun allowed = apply("signed/expired", "--allow-expired");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        String kernelDigest = Digest.of(Files.readAllBytes(kernel)).toString();
        assertThat(REGISTRY.log().subList(mark, REGISTRY.log().size()))
                .as("the log shows layer downloads")
                .anySatisfy(line -> assertThat(line).contains("GET ").contains(kernelDigest));
    }

    @Test
    void aDowngradeIsRefusedUnlessAllowedAsOnTheHttpSource() throws Exception {
        ContentStore store = REGISTRY.store("signed/downgrade");
        new ManifestSigner(store, TRUSTED)
                .signManifest(push(store, "v0.2.0", Optional.empty()).manifest());
        int mark = REGISTRY.log().size();

        assertRefusedAndNothingStaged(
                apply("signed/downgrade"),
                mark,
                "refused by the downgrade protection gate: release"
                        + " v0.2.0, running v0.3.0 is a downgrade; pass --allow-downgrade to install it");

        CommandRun allowed = apply("signed/downgrade", "--allow-downgrade");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.2.0");
    }

    /** Issue 13: with at most 16 signatures examined, 17 bogus ones naming the trusted key hid the genuine one. */
    @Test
    void seventeenBogusSignaturesNamingTheTrustedKeyDoNotHideTheGenuineEighteenth() throws Exception {
        OciLayout layout = new OciLayout(device.root().resolve("media/usb/release"));
        Pusher.Pushed pushed = push(layout, "v0.4.0", Optional.empty());
        byte[] served =
                layout.fetchManifest(pushed.manifest().digest().toString()).bytes();
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 17; i++) {
            byte[] bogus = new byte[64];
            random.nextBytes(bogus);
            attach(
                    layout,
                    pushed.manifest(),
                    bogus,
                    MediaTypes.SIGNATURE_LAYER,
                    TRUSTED.publicKey().keyId());
        }
        attach(
                layout,
                pushed.manifest(),
                TRUSTED.sign(served),
                MediaTypes.SIGNATURE_LAYER,
                TRUSTED.publicKey().keyId());

        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                "oci-layout:/media/usb/release",
                "--tag",
                "stable");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void aKeyIdInUpperCaseNamesTheSameKey() throws Exception {
        OciLayout layout = new OciLayout(device.root().resolve("media/usb/release"));
        Pusher.Pushed pushed = push(layout, "v0.4.0", Optional.empty());
        byte[] served =
                layout.fetchManifest(pushed.manifest().digest().toString()).bytes();
        attach(
                layout,
                pushed.manifest(),
                TRUSTED.sign(served),
                MediaTypes.SIGNATURE_LAYER,
                TRUSTED.publicKey().keyId().toUpperCase(java.util.Locale.ROOT));

        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                "oci-layout:/media/usb/release",
                "--tag",
                "stable");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void anUnsignedLayoutIsRefusedAndASignedOneStaged() throws Exception {
        OciLayout layout = new OciLayout(device.root().resolve("media/usb/release"));
        Pusher.Pushed pushed = push(layout, "v0.4.0", Optional.empty());
        String[] args = {
            "apply",
            "--root",
            device.root().toString(),
            "--registry",
            "oci-layout:/media/usb/release",
            "--tag",
            "stable"
        };

        assertRefusedAndNothingStaged(
                CommandRun.of(args),
                REGISTRY.log().size(),
                "is not signed: manifest " + pushed.manifest().digest());

        new ManifestSigner(layout, TRUSTED).signManifest(pushed.manifest());
        CommandRun run = CommandRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }
}
