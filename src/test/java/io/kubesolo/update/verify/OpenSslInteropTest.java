package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keys and signatures cross between the real {@code openssl} and us, both ways. */
@Tag("system")
@Timeout(120)
class OpenSslInteropTest {

    @TempDir
    Path directory;

    private Path blob;

    @BeforeEach
    void writeAMultiMebibyteFileAndAnOpenSslKeyPair() throws IOException, InterruptedException {
        blob = directory.resolve("kubesolo-os.gz");
        byte[] content = new byte[6 * 1024 * 1024 + 3];
        new Random(11).nextBytes(content);
        Files.write(blob, content);
        OpenSsl.run(directory, "genpkey", "-algorithm", "ed25519", "-out", "k.pem");
        OpenSsl.run(directory, "pkey", "-in", "k.pem", "-pubout", "-out", "k.pub.pem");
    }

    @Test
    void opensslKeysLoad() {
        TrustedKeys trusted = TrustedKeys.load(List.of(directory.resolve("k.pub.pem")));
        SigningKey signing = SigningKey.load(directory.resolve("k.pem"));
        assertThat(trusted.keys()).containsExactly(signing.publicKey());
    }

    @Test
    void opensslSignaturesVerifyWithTheStreamingVerifier() throws IOException, InterruptedException {
        OpenSsl.run(
                directory,
                "pkeyutl",
                "-sign",
                "-rawin",
                "-inkey",
                "k.pem",
                "-in",
                blob.getFileName().toString(),
                "-out",
                "kubesolo-os.gz.sig");
        byte[] signature =
                Signatures.parse(Files.readAllBytes(directory.resolve("kubesolo-os.gz.sig")), "kubesolo-os.gz");
        TrustedKeys trusted = TrustedKeys.load(List.of(directory.resolve("k.pub.pem")));

        assertThatCode(() ->
                        streamFile(trusted.begin(signature, "kubesolo-os.gz")).verify())
                .doesNotThrowAnyException();

        byte[] other = signature.clone();
        other[40] ^= 1;
        assertThatThrownBy(
                        () -> streamFile(trusted.begin(other, "kubesolo-os.gz")).verify())
                .isInstanceOf(VerifyException.class)
                .hasMessageContaining("not valid for any trusted key");
    }

    @Test
    void ourSignaturesVerifyWithOpensslAndEqualItsOwn() throws IOException, InterruptedException {
        SigningKey ours = SigningKey.load(directory.resolve("k.pem"));
        Files.write(directory.resolve("ours.sig"), ours.sign(blob));
        OpenSsl.verified(directory, "k.pub.pem", blob.getFileName().toString(), "ours.sig");

        OpenSsl.run(
                directory,
                "pkeyutl",
                "-sign",
                "-rawin",
                "-inkey",
                "k.pem",
                "-in",
                blob.getFileName().toString(),
                "-out",
                "openssl.sig");
        assertThat(Files.readAllBytes(directory.resolve("ours.sig")))
                .isEqualTo(Files.readAllBytes(directory.resolve("openssl.sig")));
    }

    @Test
    void opensslRefusesOurSignatureOfOtherBytes() throws IOException, InterruptedException {
        SigningKey ours = SigningKey.load(directory.resolve("k.pem"));
        Files.write(directory.resolve("ours.sig"), ours.sign(blob));
        Files.write(blob, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        OpenSsl.Result result =
                OpenSsl.verify(directory, "k.pub.pem", blob.getFileName().toString(), "ours.sig");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void rsaKeysFromOpensslAreRefusedWithAReason() throws IOException, InterruptedException {
        OpenSsl.run(directory, "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.pem");
        OpenSsl.run(directory, "pkey", "-in", "rsa.pem", "-pubout", "-out", "rsa.pub.pem");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(directory.resolve("rsa.pub.pem"))))
                .isInstanceOf(VerifyException.class)
                .hasMessage(directory.resolve("rsa.pub.pem")
                        + ": not an Ed25519 public key (the PEM PUBLIC KEY is for another algorithm)");
        assertThatThrownBy(() -> SigningKey.load(directory.resolve("rsa.pem")))
                .isInstanceOf(VerifyException.class)
                .hasMessage(directory.resolve("rsa.pem")
                        + ": not an Ed25519 private key (the PEM PRIVATE KEY is for another algorithm or malformed)");
    }

    @Test
    void ed448KeysFromOpensslAreRefused() throws IOException, InterruptedException {
        OpenSsl.run(directory, "genpkey", "-algorithm", "ed448", "-out", "ed448.pem");
        OpenSsl.run(directory, "pkey", "-in", "ed448.pem", "-pubout", "-out", "ed448.pub.pem");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(directory.resolve("ed448.pub.pem"))))
                .isInstanceOf(VerifyException.class)
                .hasMessageContaining("for another algorithm");
        assertThatThrownBy(() -> SigningKey.load(directory.resolve("ed448.pem")))
                .isInstanceOf(VerifyException.class)
                .hasMessageContaining("for another algorithm");
    }

    private StreamingVerification streamFile(StreamingVerification verification) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(blob)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                verification.update(buffer, 0, read);
            }
        }
        return verification;
    }
}
