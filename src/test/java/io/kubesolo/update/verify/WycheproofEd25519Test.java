package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Project Wycheproof's Ed25519 vectors (all 151, src/test/resources/wycheproof): the hand-written
 * verifier, in memory and fed a byte at a time, and the JDK's Ed25519 give the verdict the vector
 * expects. The JDK is the reference the hand-written code is held to; it signs, we only verify.
 */
class WycheproofEd25519Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SPKI_PREFIX = HEX.parseHex("302a300506032b6570032100");

    @SuppressWarnings("ArrayRecordComponent") // test data, read field by field, never compared as a whole
    record Vector(int id, boolean valid, byte[] publicKey, byte[] message, byte[] signature) {
        @Override
        public String toString() {
            return "tcId " + id + (valid ? " (valid)" : " (invalid)");
        }
    }

    static final List<Vector> VECTORS = load();

    @ParameterizedTest
    @FieldSource("VECTORS")
    void theHandWrittenVerifierAgreesWithTheVectorInMemory(Vector vector) {
        assertThat(TrustedKey.of(vector.publicKey()).verifies(vector.message(), vector.signature()))
                .isEqualTo(vector.valid());
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void theHandWrittenVerifierAgreesWithTheVectorStreamedAByteAtATime(Vector vector) {
        if (vector.signature().length != Ed25519Verifier.SIGNATURE_LENGTH) {
            return; // refused before any byte is streamed (TrustedKeys.begin), as verifies() does above
        }
        Ed25519Verifier verifier = new Ed25519Verifier(vector.publicKey(), vector.signature());
        for (byte b : vector.message()) {
            verifier.update(new byte[] {b}, 0, 1);
        }
        assertThat(verifier.verify()).isEqualTo(vector.valid());
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void theJdkAgreesWithTheVector(Vector vector) throws GeneralSecurityException {
        if (vector.signature().length != Ed25519Verifier.SIGNATURE_LENGTH) {
            // JDK 17 decodes S from everything after R, so it accepts tcId 37 (a zero byte appended).
            // The agent never hands it, or its own verifier, anything but 64 bytes.
            return;
        }
        assertThat(jdkVerifies(vector)).isEqualTo(vector.valid());
    }

    @Test
    void allOfTheFileIsRead() {
        assertThat(VECTORS).hasSize(151);
        assertThat(VECTORS.stream().map(Vector::id).distinct()).hasSize(151);
        assertThat(VECTORS.stream().filter(Vector::valid)).hasSize(88);
        assertThat(VECTORS.stream().map(v -> HEX.formatHex(v.publicKey())).distinct())
                .hasSizeGreaterThan(30);
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void whatTheJdkSignsOurVerifierAccepts(Vector vector) {
        SigningKey key = SigningKey.generate();
        byte[] signature = key.sign(vector.message());
        assertThat(key.publicKey().verifies(vector.message(), signature)).isTrue();
        signature[vector.id() % 64] ^= 1;
        assertThat(key.publicKey().verifies(vector.message(), signature)).isFalse();
    }

    private static boolean jdkVerifies(Vector vector) throws GeneralSecurityException {
        byte[] spki = new byte[SPKI_PREFIX.length + vector.publicKey().length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(vector.publicKey(), 0, spki, SPKI_PREFIX.length, vector.publicKey().length);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update(vector.message());
        try {
            return signature.verify(vector.signature());
        } catch (SignatureException e) {
            return false; // the JDK throws for some malformed signatures instead of answering false
        }
    }

    private static List<Vector> load() {
        try (InputStream in = WycheproofEd25519Test.class.getResourceAsStream("/wycheproof/ed25519_test.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t"))
                    .map(f -> new Vector(Integer.parseInt(f[0]), f[1].equals("valid"), hex(f[2]), hex(f[3]), hex(f[4])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] hex(String field) {
        return field.equals("-") ? new byte[0] : HEX.parseHex(field);
    }
}
