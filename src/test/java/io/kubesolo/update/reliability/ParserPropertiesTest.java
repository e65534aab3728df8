package io.kubesolo.update.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.UpdateException;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.http.HttpSource;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.ManifestCodec;
import io.kubesolo.update.oci.MediaTypes;
import io.kubesolo.update.oci.Reference;
import io.kubesolo.update.policy.MaintenanceWindow;
import io.kubesolo.update.policy.Version;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.Signatures;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every parser of outside input, fed random bytes and random mutations of a valid document
 * (truncated, a byte flipped, bytes inserted, a slice repeated): none may throw anything but the
 * agent's own {@link UpdateException}, whose message is what the operator reads. An
 * {@code IllegalArgumentException}, {@code NumberFormatException} or {@code IndexOutOfBoundsException}
 * escaping a parser is an "internal error" on the command line instead of a reason.
 */
class ParserPropertiesTest {

    private static final int TRIES = 400;
    private static final String VALID_REFERENCE = "registry.example.com:5000/kubesolo/os:v0.3.0";
    private static final String VALID_DIGEST = "sha256:" + "ab".repeat(32);

    private static FaultServer server;
    private static final AtomicReference<byte[]> served = new AtomicReference<>(new byte[0]);

    @BeforeContainer
    static void startServer() throws IOException {
        server = new FaultServer()
                .on("/latest.json", exchange -> FaultServer.ok(served.get()).send(exchange));
    }

    @AfterContainer
    static void stopServer() {
        server.close();
    }

    // --- the properties --------------------------------------------------------------------------

    @Property(tries = TRIES)
    void grubEnv(@ForAll("grubenvs") byte[] block) {
        onlyOurErrors(() -> GrubEnv.parse(block));
    }

    @Property(tries = TRIES)
    void updateConf(@ForAll("confs") byte[] text) {
        Path file = temporaryFile(text);
        try {
            onlyOurErrors(() -> UpdateConf.load(file));
        } finally {
            delete(file);
        }
    }

    /** state.json never throws at all: a damaged file reads as idle, with a warning. */
    @Property(tries = TRIES)
    void stateStore(@ForAll("states") byte[] json) {
        Path file = temporaryFile(json);
        try {
            List<String> warnings = new ArrayList<>();
            UpdateState state = new StateStore(file, warnings::add).read();
            assertThat(state).isNotNull();
        } finally {
            delete(file);
        }
    }

    @Property(tries = 200)
    void latestJson(@ForAll("latests") byte[] json) {
        served.set(json);
        HttpTransport transport = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "property-test");
        HttpSource source = Sources.http(URI.create(server.url()), transport, TrustedKeys.none());
        onlyOurErrors(source::fetchRelease);
    }

    @Property(tries = TRIES)
    void manifestCodec(@ForAll("manifests") byte[] json, @ForAll("mediaTypes") String declared) {
        onlyOurErrors(() -> ManifestCodec.parse(json, declared, "manifest"));
    }

    @Property(tries = TRIES)
    void reference(@ForAll("references") String text) {
        onlyOurErrors(() -> Reference.parse(text));
    }

    @Property(tries = TRIES)
    void digest(@ForAll("digests") String text) {
        onlyOurErrors(() -> Digest.parse(text));
    }

    @Property(tries = TRIES)
    void version(@ForAll("versions") String text) {
        onlyOurErrors(() -> Version.parse(text, "version"));
    }

    @Property(tries = TRIES)
    void maintenanceWindow(@ForAll("windows") String text) {
        onlyOurErrors(() -> MaintenanceWindow.parse(text));
    }

    @Property(tries = TRIES)
    void trustedKey(@ForAll("keys") byte[] content) {
        onlyOurErrors(() -> TrustedKey.parse(content, "key file"));
    }

    @Property(tries = TRIES)
    void signatures(@ForAll("signatureFiles") byte[] content) {
        onlyOurErrors(() -> Signatures.parse(content, "kernel"));
    }

    // --- inputs: random, and mutations of a valid document -----------------------------------------

    @Provide
    Arbitrary<byte[]> grubenvs() {
        return aroundValid(GrubEnv.empty()
                .with("active_slot", "B")
                .with("boot_counter", "2")
                .with("boot_success", "0")
                .with("other", "a\\b")
                .toBytes());
    }

    @Provide
    Arbitrary<byte[]> confs() {
        return aroundValid("""
                           # comment
                           server=http://127.0.0.1:8080
                           channel="stable"
                           maintenance_window=23:00-01:00
                           auto_rollback_after=2
                           """.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> states() {
        return aroundValid(("{\"phase\":\"staged\",\"from_version\":\"v0.2.0\",\"to_version\":\"v0.3.0\","
                        + "\"started_at\":\"2026-11-27T10:00:00Z\",\"updated_at\":\"2026-11-27T10:01:00Z\",\"last_error\":null,"
                        + "\"attempt_count\":1,\"health_check_failures\":0}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> latests() {
        return aroundValid(BadInputCorpusTest.latest(Map.of(
                        "release_date",
                        "\"2026-11-20T08:00:00Z\"",
                        "min_compatible_version",
                        "\"v0.2.0\"",
                        "architecture",
                        "\"amd64\""))
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> manifests() {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                        + "\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + VALID_DIGEST
                        + "\",\"size\":12,"
                        + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        return Arbitraries.oneOf(aroundValid(BadInputCorpusTest.manifest("", Map.of())), aroundValid(index));
    }

    @Provide
    Arbitrary<String> mediaTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        MediaTypes.OCI_MANIFEST,
                        MediaTypes.OCI_INDEX,
                        MediaTypes.DOCKER_MANIFEST,
                        "application/json"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> references() {
        return aroundValidText(VALID_REFERENCE + "@" + VALID_DIGEST);
    }

    @Provide
    Arbitrary<String> digests() {
        return aroundValidText(VALID_DIGEST);
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.oneOf(
                aroundValidText("v12.345.6789"),
                Arbitraries.strings().withChars("v0123456789.-+").ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> windows() {
        return Arbitraries.oneOf(
                aroundValidText("23:00-01:30"),
                Arbitraries.strings().withChars("0123456789:- ").ofMaxLength(20));
    }

    @Provide
    Arbitrary<byte[]> keys() {
        SigningKey key = SigningKey.generate();
        return Arbitraries.oneOf(
                aroundValid(HexFormat.of().formatHex(key.publicKey().raw()).getBytes(StandardCharsets.US_ASCII)),
                aroundValid(key.publicKeyPem().getBytes(StandardCharsets.US_ASCII)),
                aroundValid(key.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII)));
    }

    @Provide
    Arbitrary<byte[]> signatureFiles() {
        byte[] signature = SigningKey.generate().sign(new byte[] {1, 2, 3});
        return Arbitraries.oneOf(
                aroundValid(signature),
                aroundValid((HexFormat.of().formatHex(signature) + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /** Random bytes, or the valid document truncated, with a byte changed, with bytes inserted, or with a slice repeated. */
    private static Arbitrary<byte[]> aroundValid(byte[] valid) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length);
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> truncated = at.map(end -> java.util.Arrays.copyOf(valid, end));
        Arbitrary<byte[]> flipped = Combinators.combine(at, Arbitraries.bytes()).as((index, value) -> {
            byte[] copy = valid.clone();
            if (copy.length > 0) {
                copy[Math.min(index, copy.length - 1)] = value;
            }
            return copy;
        });
        Arbitrary<byte[]> inserted =
                Combinators.combine(at, noise).as((index, extra) -> splice(valid, index, index, extra));
        Arbitrary<byte[]> repeated = Combinators.combine(at, at).as((from, to) -> {
            int start = Math.min(from, to);
            int end = Math.max(from, to);
            return splice(valid, end, end, java.util.Arrays.copyOfRange(valid, start, end));
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.bytes().array(byte[].class).ofMaxSize(valid.length + 64)),
                net.jqwik.api.Tuple.of(2, truncated),
                net.jqwik.api.Tuple.of(3, flipped),
                net.jqwik.api.Tuple.of(2, inserted),
                net.jqwik.api.Tuple.of(1, repeated),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(valid)));
    }

    private static Arbitrary<String> aroundValidText(String valid) {
        return Arbitraries.oneOf(
                aroundValid(valid.getBytes(StandardCharsets.UTF_8))
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(80));
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
        byte[] result = new byte[bytes.length - (to - from) + replacement.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(replacement, 0, result, from, replacement.length);
        System.arraycopy(bytes, to, result, from + replacement.length, bytes.length - to);
        return result;
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Runs a parse: returning normally or with our own error is fine; anything else fails the property. */
    private static void onlyOurErrors(Runnable parse) {
        try {
            parse.run();
        } catch (UpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static Path temporaryFile(byte[] content) {
        try {
            Path file = Files.createTempFile("parser-property", ".input");
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
