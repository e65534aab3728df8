package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {

    static final java.util.List<Rfc8032Vectors.Vector> VECTORS = Rfc8032Vectors.ALL;

    private static final SigningKey KEY = SigningKey.generate();

    @TempDir
    Path directory;

    @ParameterizedTest
    @FieldSource("VECTORS")
    void derivesTheRfcPublicKeyAndSignatureFromTheRfcSecretKey(Rfc8032Vectors.Vector vector) throws IOException {
        SigningKey key = SigningKey.load(write("rfc.key", pkcs8Pem(vector.secretKey())));
        assertThat(key.publicKey().raw()).isEqualTo(vector.publicKey());
        assertThat(key.sign(vector.message())).isEqualTo(vector.signature());

        Path file = directory.resolve("message");
        Files.write(file, vector.message());
        assertThat(key.sign(file)).isEqualTo(vector.signature());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 300_001})
    void streamingFileSignaturesAreByteForByteTheJdks(int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = directory.resolve("file");
        Files.write(file, content);
        assertThat(KEY.sign(file)).isEqualTo(KEY.sign(content));
    }

    @Test
    void generatedKeysAgreeWithTheJdkOnThePublicHalfAndSurviveAPemRoundTrip() throws Exception {
        for (int i = 0; i < 20; i++) {
            java.security.KeyPair pair =
                    java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            SigningKey loaded = SigningKey.load(
                    write("jdk.key", pem("PRIVATE KEY", pair.getPrivate().getEncoded())));
            assertThat(loaded.publicKey().raw()).isEqualTo(Ed25519VerifierTest.rawPublicKey(pair.getPublic()));
            assertThat(loaded.publicKeyPem())
                    .isEqualTo(pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
        SigningKey reloaded = SigningKey.load(write("own.key", KEY.toPkcs8Pem()));
        assertThat(reloaded.publicKey()).isEqualTo(KEY.publicKey());
        byte[] message = "m".getBytes(StandardCharsets.US_ASCII);
        assertThat(reloaded.sign(message)).isEqualTo(KEY.sign(message));
    }

    @Test
    void itsPemIsAPkcs8KeyTheJdkReads() throws GeneralSecurityException {
        String pem = KEY.toPkcs8Pem();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new PKCS8EncodedKeySpec(der))
                        .getAlgorithm())
                .isIn("Ed25519", "EdDSA");
    }

    @Test
    void namesTheFileAndWhatIsWrongWithIt() throws IOException {
        assertLoadFails("missing.key", null, "private key file does not exist");
        assertLoadFails(
                "empty.key",
                "",
                "not an Ed25519 private key (expected a PEM PRIVATE KEY, "
                        + "as openssl genpkey -algorithm ed25519 writes)");
        assertLoadFails(
                "hex.key",
                "9d".repeat(32),
                "not an Ed25519 private key (expected a PEM PRIVATE KEY, "
                        + "as openssl genpkey -algorithm ed25519 writes)");
        assertLoadFails(
                "public.key", KEY.publicKeyPem(), "not an Ed25519 private key (PEM PUBLIC KEY, expected PRIVATE KEY)");
        String pem = KEY.toPkcs8Pem();
        assertLoadFails(
                "truncated.key",
                pem.substring(0, pem.length() - 10),
                "not an Ed25519 private key (truncated PEM: no \"-----END PRIVATE KEY-----\" line)");
        assertLoadFails(
                "encrypted.key",
                pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
                "the private key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN.key)");
        assertLoadFails(
                "garbage.key",
                pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}),
                "not an Ed25519 private key (the PEM PRIVATE KEY is for another algorithm or malformed)");
    }

    @Test
    void aFileThatCannotBeReadIsNamed() {
        Path missing = directory.resolve("missing");
        assertThatThrownBy(() -> KEY.sign(missing))
                .isInstanceOf(VerifyException.class)
                .hasMessageStartingWith("cannot read " + missing + " to sign it: ");
    }

    private void assertLoadFails(String name, String content, String what) throws IOException {
        Path file = content == null ? directory.resolve(name) : write(name, content);
        assertThatThrownBy(() -> SigningKey.load(file))
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED))
                .hasMessage(file + ": " + what);
    }

    private Path write(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    /** An Ed25519 PKCS#8 (v1) key from its 32-byte seed, as OpenSSL writes it. */
    static String pkcs8Pem(byte[] seed) {
        byte[] der = HexFormat.of()
                .parseHex("302e020100300506032b657004220420" + HexFormat.of().formatHex(seed));
        return pem("PRIVATE KEY", der);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
