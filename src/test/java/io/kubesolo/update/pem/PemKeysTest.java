package io.kubesolo.update.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.pem.PemKeys.KeyFormats;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.junit.jupiter.api.Test;

/**
 * The two callers' private-key formats, from keys the JDK makes: a TLS client key
 * ({@link KeyFormats#PKCS8_RSA_EC_OR_ED25519}) may be Ed25519 but must be PKCS#8; a kubeconfig key
 * ({@link KeyFormats#RSA_OR_EC_ANY_ENCODING}) must be RSA or EC. The openssl-made encodings
 * (PKCS#1, SEC1) are in {@link PemKeysOpensslTest}.
 */
class PemKeysTest {

    private static String pkcs8(String algorithm) throws Exception {
        PrivateKey key =
                KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
        return new PemBlock("PRIVATE KEY", key.getEncoded()).encode();
    }

    @Test
    void aTlsClientKeyIsPkcs8RsaEcOrEd25519() throws Exception {
        KeyFormats tls = KeyFormats.PKCS8_RSA_EC_OR_ED25519;
        assertThat(PemKeys.privateKey(pkcs8("RSA"), tls)).isInstanceOf(RSAPrivateKey.class);
        assertThat(PemKeys.privateKey(pkcs8("EC"), tls)).isInstanceOf(ECPrivateKey.class);
        assertThat(PemKeys.privateKey(pkcs8("Ed25519"), tls)).isInstanceOf(EdECPrivateKey.class);

        String pkcs1 = pkcs8("RSA")
                .replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")
                .replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
        assertThatThrownBy(() -> PemKeys.privateKey(pkcs1, tls))
                .isInstanceOf(PemException.class)
                .hasMessage("holds no unencrypted PKCS#8 PRIVATE KEY block"
                        + " (convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
        String garbage = new PemBlock("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}).encode();
        assertThatThrownBy(() -> PemKeys.privateKey(garbage, tls))
                .isInstanceOf(PemException.class)
                .hasMessage("is not an RSA, EC or Ed25519 key");
    }

    @Test
    void aKubeconfigKeyIsRsaOrEcAndNeverEd25519() throws Exception {
        KeyFormats kubeconfig = KeyFormats.RSA_OR_EC_ANY_ENCODING;
        assertThat(PemKeys.privateKey(pkcs8("RSA"), kubeconfig)).isInstanceOf(RSAPrivateKey.class);
        assertThat(PemKeys.privateKey(pkcs8("EC"), kubeconfig)).isInstanceOf(ECPrivateKey.class);

        String ed25519 = pkcs8("Ed25519");
        assertThatThrownBy(() -> PemKeys.privateKey(ed25519, kubeconfig))
                .isInstanceOf(PemException.class)
                .hasMessage("holds a private key of an algorithm other than RSA or EC");
        String encrypted = new PemBlock("ENCRYPTED PRIVATE KEY", new byte[] {1}).encode();
        assertThatThrownBy(() -> PemKeys.privateKey(encrypted, kubeconfig))
                .isInstanceOf(PemException.class)
                .hasMessage("holds an unsupported ENCRYPTED PRIVATE KEY; only unencrypted PRIVATE KEY,"
                        + " RSA PRIVATE KEY and EC PRIVATE KEY are supported");
        assertThatThrownBy(() -> PemKeys.privateKey("no pem here", kubeconfig))
                .isInstanceOf(PemException.class)
                .hasMessage("holds no PEM PRIVATE KEY block");
    }

    @Test
    void certificatesNeedACertificateBlock() throws Exception {
        assertThatThrownBy(() -> PemKeys.certificates(pkcs8("EC")))
                .isInstanceOf(PemException.class)
                .hasMessage("holds no PEM CERTIFICATE block");
    }

    @Test
    void aStrictParseNamesWhatIsWrong() {
        assertThatThrownBy(() -> PemBlock.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n"))
                .isInstanceOf(PemException.class)
                .hasMessage("truncated PEM: no \"-----END PUBLIC KEY-----\" line");
        PemBlock block = new PemBlock("PUBLIC KEY", new byte[] {1, 2, 3});
        assertThat(PemBlock.parse("comment before\n" + block.encode())).isEqualTo(block);
        assertThat(PemBlock.all("x\n" + block.encode() + "y\n" + block.encode()))
                .containsExactly(block, block);
    }
}
