package io.kubesolo.update.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.verify.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM keys as the real openssl writes them, read as the health checks read a kubeconfig's; each key
 * must sign what its certificate verifies.
 */
@Tag("system")
@Timeout(60)
class PemKeysOpensslTest {

    private static final PemKeys.KeyFormats KUBECONFIG = PemKeys.KeyFormats.RSA_OR_EC_ANY_ENCODING;

    @TempDir
    Path directory;

    @Test
    void rsaPkcs1AndPkcs8KeysMatchTheirCertificate() throws Exception {
        OpenSsl.selfSignedRsa(directory, "pkcs8.key", "rsa.crt", 1, "/CN=rsa");
        openssl("pkey", "-in", "pkcs8.key", "-traditional", "-out", "pkcs1.key");
        assertThat(text("pkcs1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(text("pkcs8.key")).startsWith("-----BEGIN PRIVATE KEY-----");

        for (String key : List.of("pkcs1.key", "pkcs8.key")) {
            assertThat(PemKeys.privateKey(text(key), KUBECONFIG)).isInstanceOf(RSAPrivateKey.class);
            assertSignsFor(key, "rsa.crt", "SHA256withRSA");
        }
    }

    @Test
    void ecSec1AndPkcs8KeysMatchTheirCertificate() throws Exception {
        openssl("ecparam", "-name", "secp384r1", "-genkey", "-out", "sec1.key");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "sec1.key", "-out", "pkcs8.key");
        openssl("req", "-x509", "-new", "-key", "sec1.key", "-out", "ec.crt", "-days", "1", "-subj", "/CN=ec");

        for (String key : List.of("sec1.key", "pkcs8.key")) {
            assertThat(PemKeys.privateKey(text(key), KUBECONFIG)).isInstanceOf(ECPrivateKey.class);
            assertSignsFor(key, "ec.crt", "SHA256withECDSA");
        }
    }

    @Test
    void encryptedAndOtherAlgorithmKeysAreRefusedByName() throws Exception {
        openssl("genpkey", "-algorithm", "ed25519", "-out", "ed25519.key");
        openssl(
                "genpkey",
                "-algorithm",
                "rsa",
                "-pkeyopt",
                "rsa_keygen_bits:1024",
                "-aes256",
                "-pass",
                "pass:x",
                "-out",
                "encrypted.key");

        assertThatThrownBy(() -> PemKeys.privateKey(text("ed25519.key"), KUBECONFIG))
                .isInstanceOf(PemException.class)
                .hasMessage("holds a private key of an algorithm other than RSA or EC");
        assertThatThrownBy(() -> PemKeys.privateKey(text("encrypted.key"), KUBECONFIG))
                .isInstanceOf(PemException.class)
                .hasMessageStartingWith("holds an unsupported ENCRYPTED PRIVATE KEY; only unencrypted");
        assertThatThrownBy(() -> PemKeys.certificates(text("ed25519.key")))
                .isInstanceOf(PemException.class)
                .hasMessage("holds no PEM CERTIFICATE block");
    }

    private void assertSignsFor(String key, String certificate, String algorithm) throws Exception {
        byte[] message = "kubesolo".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(PemKeys.privateKey(text(key), KUBECONFIG));
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(PemKeys.certificates(text(certificate)).get(0));
        verifier.update(message);
        assertThat(verifier.verify(signature))
                .as(key + " matches " + certificate)
                .isTrue();
    }

    private String text(String name) throws Exception {
        return Files.readString(directory.resolve(name));
    }

    private void openssl(String... arguments) throws Exception {
        OpenSsl.run(directory, arguments);
    }
}
