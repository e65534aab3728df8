package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519VerifierTest {

    static final java.util.List<Rfc8032Vectors.Vector> VECTORS = Rfc8032Vectors.ALL;

    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    @ParameterizedTest
    @FieldSource("VECTORS")
    void acceptsTheRfc8032Vectors(Rfc8032Vectors.Vector vector) {
        assertThat(verify(vector.publicKey(), vector.message(), vector.signature()))
                .isTrue();
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void theVectorTableIsTheRfcsBecauseTheJdkReproducesEverySignature(Rfc8032Vectors.Vector vector)
            throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, vector.secretKey())));
        signer.update(vector.message());
        assertThat(signer.sign()).isEqualTo(vector.signature());
    }

    @Test
    void theShaAbcVectorSignsTheSha512OfAbc() throws GeneralSecurityException {
        Rfc8032Vectors.Vector vector = VECTORS.get(4);
        assertThat(vector.message())
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-512")
                        .digest("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(VECTORS.get(3).message()).hasSize(1023);
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void givesTheSameAnswerWhateverPiecesTheMessageArrivesIn(Rfc8032Vectors.Vector vector) {
        for (int pieceSize : new int[] {1, 7, 128, 1000}) {
            Ed25519Verifier verifier = new Ed25519Verifier(vector.publicKey(), vector.signature());
            byte[] message = vector.message();
            for (int offset = 0; offset < message.length; offset += pieceSize) {
                verifier.update(message, offset, Math.min(pieceSize, message.length - offset));
            }
            assertThat(verifier.verify()).as("pieces of %d bytes", pieceSize).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("VECTORS")
    void refusesEverySingleBitFlipOfTheSignature(Rfc8032Vectors.Vector vector) {
        if (!vector.name().equals("TEST 2")) {
            return; // 512 verifications per vector; one vector is enough to pin every bit position
        }
        for (int bit = 0; bit < 512; bit++) {
            assertThat(verify(vector.publicKey(), vector.message(), flip(vector.signature(), bit)))
                    .as("signature bit %d flipped", bit)
                    .isFalse();
        }
    }

    @Test
    void refusesTheMalleableTwinWithSPlusL() throws GeneralSecurityException {
        Rfc8032Vectors.Vector vector = VECTORS.get(2);
        BigInteger s = EdwardsPoint.fromLittleEndian(Arrays.copyOfRange(vector.signature(), 32, 64));
        byte[] twin = vector.signature().clone();
        System.arraycopy(EdwardsPoint.toLittleEndian(s.add(EdwardsPoint.L)), 0, twin, 32, 32);

        // The twin satisfies the group equation ([S+L]B == [S]B): only the S < L check refuses it.
        assertThat(EdwardsPoint.BASE.multiply(s.add(EdwardsPoint.L)).encode())
                .isEqualTo(EdwardsPoint.BASE.multiply(s).encode());
        assertThat(verify(vector.publicKey(), vector.message(), twin)).isFalse();
        assertThat(jdkVerify(vector.publicKey(), vector.message(), twin)).isFalse();
    }

    @Test
    void refusesSEqualToL() {
        Rfc8032Vectors.Vector vector = VECTORS.get(0);
        byte[] signature = vector.signature().clone();
        System.arraycopy(EdwardsPoint.toLittleEndian(EdwardsPoint.L), 0, signature, 32, 32);
        assertThat(verify(vector.publicKey(), vector.message(), signature)).isFalse();
    }

    @Test
    void decodingRefusesNonCanonicalY() {
        // y = p and y = p + 1 encode the points y = 0 and y = 1 a second time.
        assertThat(EdwardsPoint.decode(EdwardsPoint.toLittleEndian(EdwardsPoint.P)))
                .isEmpty();
        assertThat(EdwardsPoint.decode(EdwardsPoint.toLittleEndian(EdwardsPoint.P.add(BigInteger.ONE))))
                .isEmpty();
        assertThat(EdwardsPoint.decode(EdwardsPoint.toLittleEndian(BigInteger.ONE)))
                .isPresent();
        assertThat(EdwardsPoint.decode(EdwardsPoint.toLittleEndian(BigInteger.ZERO)))
                .isPresent();
    }

    @Test
    void decodingRefusesNegativeZeroX() {
        byte[] identity = EdwardsPoint.toLittleEndian(BigInteger.ONE); // (0, 1): x = 0
        byte[] negativeZero = identity.clone();
        negativeZero[31] |= (byte) 0x80;
        assertThat(EdwardsPoint.decode(identity)).isPresent();
        assertThat(EdwardsPoint.decode(negativeZero)).isEmpty();
    }

    @Test
    void decodingRefusesAYWithoutX() {
        // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square modulo p.
        assertThat(EdwardsPoint.decode(EdwardsPoint.toLittleEndian(BigInteger.TWO)))
                .isEmpty();
        assertThat(EdwardsPoint.decode(new byte[31])).isEmpty();
    }

    @Test
    void decodingAndEncodingRoundTripTheBasePointAndItsMultiples() {
        EdwardsPoint point = EdwardsPoint.BASE;
        assertThat(HexFormat.of().formatHex(point.encode()))
                .isEqualTo("5866666666666666666666666666666666666666666666666666666666666666");
        for (int i = 0; i < 20; i++) {
            byte[] encoding = point.encode();
            assertThat(EdwardsPoint.decode(encoding).orElseThrow().encode()).isEqualTo(encoding);
            assertThat(point.add(point).encode()).isEqualTo(point.twice().encode());
            point = point.add(EdwardsPoint.BASE);
        }
        assertThat(EdwardsPoint.BASE.multiply(EdwardsPoint.L).encode()).isEqualTo(EdwardsPoint.IDENTITY.encode());
    }

    @Test
    void smallOrderKeysAreNotFitToBeTrusted() {
        // Under the identity as public key, (R = [S]B, S) verifies for every message: a forgery.
        byte[] identity = EdwardsPoint.toLittleEndian(BigInteger.ONE);
        BigInteger s = BigInteger.valueOf(12345);
        byte[] forged = Arrays.copyOf(EdwardsPoint.BASE.multiply(s).encode(), 64);
        System.arraycopy(EdwardsPoint.toLittleEndian(s), 0, forged, 32, 32);
        assertThat(verify(identity, "anything".getBytes(StandardCharsets.US_ASCII), forged))
                .isTrue();

        assertThat(Ed25519Verifier.isValidPublicKey(identity)).isFalse();
        byte[] minusOne = EdwardsPoint.toLittleEndian(EdwardsPoint.P.subtract(BigInteger.ONE)); // (0, -1), order 2
        assertThat(Ed25519Verifier.isValidPublicKey(minusOne)).isFalse();
        assertThat(Ed25519Verifier.isValidPublicKey(VECTORS.get(0).publicKey())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithTheJdkOnRandomKeysMessagesAndSingleBitFlips(long seed) throws GeneralSecurityException {
        Random random = new Random(seed);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        for (int round = 0; round < 70; round++) {
            KeyPair pair = generator.generateKeyPair();
            byte[] publicKey = rawPublicKey(pair.getPublic());
            byte[] message = new byte[random.nextInt(round % 10 == 0 ? 5000 : 300)];
            random.nextBytes(message);
            byte[] signature = jdkSign(pair.getPrivate(), message);

            assertAgree(publicKey, message, signature, true);
            if (message.length > 0) {
                assertAgree(publicKey, flip(message, random.nextInt(8 * message.length)), signature, false);
            }
            assertAgree(publicKey, message, flip(signature, random.nextInt(256)), false); // in R
            assertAgree(publicKey, message, flip(signature, 256 + random.nextInt(256)), false); // in S
            assertAgree(flip(publicKey, random.nextInt(256)), message, signature, false);
        }
    }

    private static void assertAgree(byte[] publicKey, byte[] message, byte[] signature, boolean expected)
            throws GeneralSecurityException {
        boolean ours = verify(publicKey, message, signature);
        boolean jdk = jdkVerify(publicKey, message, signature);
        assertThat(ours)
                .as(
                        "ours vs JDK for key %s, signature %s",
                        HexFormat.of().formatHex(publicKey), HexFormat.of().formatHex(signature))
                .isEqualTo(jdk);
        assertThat(ours).isEqualTo(expected);
    }

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519Verifier verifier = new Ed25519Verifier(publicKey, signature);
        verifier.update(message, 0, message.length);
        return verifier.verify();
    }

    /** The JDK's verdict; its refusals to decode a key or a signature count as "not valid". */
    static boolean jdkVerify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, 44);
        System.arraycopy(publicKey, 0, spki, 12, 32);
        Signature verifier = Signature.getInstance("Ed25519");
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.InvalidKeyException
                | java.security.spec.InvalidKeySpecException
                | java.security.SignatureException
                | java.security.ProviderException e) {
            return false;
        }
    }

    static byte[] jdkSign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
    }

    static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        assertThat(Arrays.copyOf(spki, 12)).isEqualTo(SPKI_PREFIX);
        return Arrays.copyOfRange(spki, 12, 44);
    }

    static byte[] flip(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }
}
