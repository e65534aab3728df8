package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {

    private static final SigningKey FIRST = SigningKey.generate();
    private static final SigningKey SECOND = SigningKey.generate();
    private static final byte[] MESSAGE = "{\"version\":\"v0.3.0\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void loadsAHexKeyWithWhitespaceAround() throws IOException {
        Path file = write("a.pub", "\n  " + FIRST.publicKey().hex().toUpperCase(Locale.ROOT) + "  \n\n");
        assertThat(TrustedKeys.load(List.of(file)).keys()).containsExactly(FIRST.publicKey());
    }

    @Test
    void loadsAPemPublicKey() throws IOException {
        Path file = write("a.pem", "a comment line OpenSSL would skip too\n" + FIRST.publicKeyPem());
        TrustedKey key = TrustedKeys.load(List.of(file)).keys().get(0);
        assertThat(key).isEqualTo(FIRST.publicKey());
        assertThat(key.keyId())
                .isEqualTo(Digest.of(FIRST.publicKey().raw()).hex())
                .hasSize(64);
        assertThat(key.shortId()).isEqualTo(key.keyId().substring(0, 16));
    }

    @Test
    void aDirectoryContributesItsKeyFilesOnceEach() throws IOException {
        write("keys/old.pub", FIRST.publicKey().hex());
        write("keys/old.pub.pem", FIRST.publicKeyPem());
        write("keys/new.hex", SECOND.publicKey().hex());
        write("keys/README", "not a key, and not read");
        write("keys/release.key", "neither is the private key file");
        TrustedKeys keys = TrustedKeys.load(List.of(directory.resolve("keys")));
        assertThat(keys.keys()).containsExactly(SECOND.publicKey(), FIRST.publicKey()); // name order: new, old
        assertThat(keys.describe())
                .isEqualTo("2 keys: " + SECOND.publicKey().shortId() + ", "
                        + FIRST.publicKey().shortId());
    }

    @Test
    void aDirectoryWithoutKeyFilesIsAnErrorNotAnEmptyTrustSet() throws IOException {
        Files.createDirectories(directory.resolve("keys"));
        write("keys/notes.txt", "x");
        assertFails(
                List.of(directory.resolve("keys")),
                directory.resolve("keys") + ": no public key files (.pub, .pem, .hex) in this directory");
    }

    @Test
    void nothingToLoadIsNone() {
        assertThat(TrustedKeys.load(List.of()).isEmpty()).isTrue();
        assertThat(TrustedKeys.none().isEmpty()).isTrue();
    }

    @Test
    void namesTheFileAndWhatIsWrongWithIt() throws IOException {
        assertFails(write("missing.pub", null), "missing.pub: public key file does not exist");
        assertFails(write("empty.pub", ""), "empty.pub: empty file; expected 64 hex characters or a PEM PUBLIC KEY");
        assertFails(
                write("short.pub", FIRST.publicKey().hex().substring(2)),
                "short.pub: not an Ed25519 public key (expected 64 hex characters or a PEM PUBLIC KEY)");
        assertFails(
                write("nonhex.pub", "z" + FIRST.publicKey().hex().substring(1)),
                "nonhex.pub: not an Ed25519 public key (expected 64 hex characters or a PEM PUBLIC KEY)");
        assertFails(
                write(
                        "two.pub",
                        FIRST.publicKey().hex() + "\n" + SECOND.publicKey().hex()),
                "two.pub: not an Ed25519 public key (expected 64 hex characters or a PEM PUBLIC KEY)");
        // y = 2 has no x on the curve; 01 00... is the identity, a small-order point.
        assertFails(
                write("offcurve.pub", "02" + "00".repeat(31)),
                "offcurve.pub: not a valid Ed25519 public key (not a point of the curve, or one of small order)");
        assertFails(
                write("identity.pub", "01" + "00".repeat(31)),
                "identity.pub: not a valid Ed25519 public key (not a point of the curve, or one of small order)");
    }

    @Test
    void namesWhatIsWrongWithAPemFile() throws IOException {
        String pem = FIRST.publicKeyPem();
        assertFails(
                write("truncated.pem", pem.substring(0, pem.indexOf("-----END"))),
                "truncated.pem: not an Ed25519 public key (truncated PEM: no \"-----END PUBLIC KEY-----\" line)");
        assertFails(
                write("private.pem", FIRST.toPkcs8Pem()),
                "private.pem: holds a private key, which must not be on the device; trust the public key instead"
                        + " (keygen writes it as NAME.pub)");
        assertFails(
                write("cert.pem", pem.replace("PUBLIC KEY", "CERTIFICATE")),
                "cert.pem: not an Ed25519 public key (PEM CERTIFICATE, expected PUBLIC KEY)");
        assertFails(
                write("base64.pem", pem.replace("MCow", "M!ow")),
                "base64.pem: not an Ed25519 public key (PEM PUBLIC KEY block is not valid base64)");
    }

    @Test
    void refusesAnEnormousFileWithoutReadingItAll() throws IOException {
        Path file = directory.resolve("huge.pub");
        Files.write(file, new byte[10 * 1024 * 1024]);
        assertFails(file, "huge.pub: not an Ed25519 public key (larger than 65536 bytes)");
    }

    @Test
    void findsAKeyByItsIdAndChecksASignatureUnderThatKeyAlone() {
        SigningKey first = SigningKey.generate();
        SigningKey second = SigningKey.generate();
        TrustedKeys keys = TrustedKeys.of(List.of(first.publicKey(), second.publicKey()));
        byte[] message = "manifest bytes".getBytes(StandardCharsets.UTF_8);
        byte[] signature = second.sign(message);

        assertThat(keys.byKeyId(second.publicKey().keyId())).contains(second.publicKey());
        assertThat(keys.byKeyId(SigningKey.generate().publicKey().keyId())).isEmpty();
        assertThat(second.publicKey().verifies(message, signature)).isTrue();
        assertThat(first.publicKey().verifies(message, signature)).isFalse();
        assertThat(second.publicKey().verifies("other bytes".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(second.publicKey().verifies(message, java.util.Arrays.copyOf(signature, 63)))
                .isFalse();
    }

    @Test
    void acceptsASignatureByTheOnlyKey() {
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey()));
        assertThatCode(() -> keys.verify(MESSAGE, FIRST.sign(MESSAGE), "latest.json"))
                .doesNotThrowAnyException();
    }

    @Test
    void withSeveralKeysAnyOneValidSignatureSuffices() {
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey(), SECOND.publicKey()));
        assertThatCode(() -> keys.verify(MESSAGE, FIRST.sign(MESSAGE), "latest.json"))
                .doesNotThrowAnyException();
        assertThatCode(() -> keys.verify(MESSAGE, SECOND.sign(MESSAGE), "latest.json"))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherKeysSignatureListingTheKeysTried() {
        SigningKey other = SigningKey.generate();
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey(), SECOND.publicKey()));
        assertRefused(
                () -> keys.verify(MESSAGE, other.sign(MESSAGE), "latest.json"),
                "signature of latest.json is not valid for any trusted key (tried 2 keys: "
                        + FIRST.publicKey().shortId() + ", "
                        + SECOND.publicKey().shortId() + ")");
        TrustedKeys one = TrustedKeys.of(List.of(FIRST.publicKey()));
        assertRefused(
                () -> one.verify(MESSAGE, other.sign(MESSAGE), "latest.json"),
                "signature of latest.json is not valid for any trusted key (tried 1 key: "
                        + FIRST.publicKey().shortId() + ")");
    }

    @Test
    void refusesASignatureOfOtherBytes() {
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey()));
        byte[] signature = FIRST.sign(MESSAGE);
        byte[] changed = MESSAGE.clone();
        changed[5] ^= 1;
        assertRefused(
                () -> keys.verify(changed, signature, "latest.json"),
                "signature of latest.json is not valid for any trusted key (tried 1 key: "
                        + FIRST.publicKey().shortId() + ")");
    }

    @Test
    void refusesASignatureOfTheWrongLength() {
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey()));
        assertRefused(
                () -> keys.verify(MESSAGE, new byte[63], "vmlinuz"),
                "signature of vmlinuz is 63 bytes long; an Ed25519 signature has 64");
    }

    @Test
    void withNoTrustedKeyEveryCheckFailsClosed() {
        assertRefused(
                () -> TrustedKeys.none().verify(MESSAGE, FIRST.sign(MESSAGE), "latest.json"),
                "cannot check the signature of latest.json: no trusted public key is configured");
    }

    @Test
    void streamsAMultiMebibyteMessageInPiecesOfAnySize() throws IOException {
        byte[] blob = new byte[5 * 1024 * 1024 + 17];
        new Random(7).nextBytes(blob);
        Path file = directory.resolve("kubesolo-os.gz");
        Files.write(file, blob);
        byte[] signature = SECOND.sign(file);
        TrustedKeys keys = TrustedKeys.of(List.of(FIRST.publicKey(), SECOND.publicKey()));

        StreamingVerification verification = keys.begin(signature, "kubesolo-os.gz");
        Random pieces = new Random(8);
        for (int offset = 0; offset < blob.length; ) {
            int length = Math.min(1 + pieces.nextInt(200_000), blob.length - offset);
            verification.update(blob, offset, length);
            offset += length;
        }
        assertThatCode(verification::verify).doesNotThrowAnyException();

        blob[blob.length / 2] ^= (byte) 0x80;
        StreamingVerification tampered = keys.begin(signature, "kubesolo-os.gz");
        tampered.update(blob);
        assertRefused(
                tampered::verify,
                "signature of kubesolo-os.gz is not valid for any trusted key (tried 2 keys: "
                        + FIRST.publicKey().shortId() + ", "
                        + SECOND.publicKey().shortId() + ")");
    }

    @Test
    void aFinishedVerificationCannotBeFedMore() {
        StreamingVerification verification =
                TrustedKeys.of(List.of(FIRST.publicKey())).begin(FIRST.sign(MESSAGE), "latest.json");
        verification.update(MESSAGE);
        verification.verify();
        assertThatThrownBy(() -> verification.update(MESSAGE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(verification::verify).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rawKeysAreCheckedToo() {
        assertThat(TrustedKey.of(FIRST.publicKey().raw())).isEqualTo(FIRST.publicKey());
        assertThatThrownBy(() -> TrustedKey.of(new byte[31]))
                .isInstanceOf(VerifyException.class)
                .hasMessage("not a valid Ed25519 public key: 31 bytes, expected 32");
        byte[] identity = new byte[32];
        identity[0] = 1;
        assertThatThrownBy(() -> TrustedKey.of(identity))
                .isInstanceOf(VerifyException.class)
                .hasMessage("not a valid Ed25519 public key: not a point of the curve, or one of small order");
    }

    @Test
    void aKeyRecordMustCarryItsOwnKeyId() {
        byte[] raw = FIRST.publicKey().raw();
        assertThatThrownBy(() -> new TrustedKey(raw, SECOND.publicKey().keyId()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TrustedKey(raw, FIRST.publicKey().keyId())).isEqualTo(FIRST.publicKey());
    }

    private Path write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        if (content != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        return file;
    }

    private void assertFails(Path file, String message) {
        assertFails(
                List.of(file),
                file.isAbsolute() && !message.startsWith("/") ? file.getParent() + "/" + message : message);
    }

    private static void assertFails(List<Path> paths, String message) {
        assertThatThrownBy(() -> TrustedKeys.load(paths))
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED))
                .hasMessage(message);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REFUSED))
                .hasMessage(message);
    }
}
