package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.pem.PemBlock;
import io.kubesolo.update.pem.PemException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ed25519 public key this machine trusts to sign releases.
 *
 * <p>It holds the 32-byte key (a strictly decodable curve point, not of small order) and its id,
 * the lowercase hex SHA-256 of those bytes, which OCI signatures carry (spec §6).
 */
public final class TrustedKey {

    /** DER of an Ed25519 SubjectPublicKeyInfo up to the key: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private static final String PUBLIC_KEY = "PUBLIC KEY";
    private static final String FORMATS = "expected 64 hex characters or a PEM PUBLIC KEY";

    private final byte[] raw;
    private final String keyId;

    /** Checks that the key is fit to be trusted and carries its own id; use {@link #of} for untrusted input. */
    public TrustedKey(byte[] raw, String keyId) {
        if (!Ed25519Verifier.isValidPublicKey(raw)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (32 bytes, a point not of small order)");
        }
        this.raw = raw.clone();
        if (!keyIdOf(this.raw).equals(keyId)) {
            throw new IllegalArgumentException("key id " + keyId + " is not the SHA-256 of the key");
        }
        this.keyId = keyId;
    }

    /** The key with these 32 bytes; a {@link VerifyException} (FAILED) when they are no curve point. */
    public static TrustedKey of(byte[] raw) {
        if (!Ed25519Verifier.isValidPublicKey(raw)) {
            String why = raw.length != Ed25519Verifier.PUBLIC_KEY_LENGTH
                    ? raw.length + " bytes, expected 32"
                    : "not a point of the curve, or one of small order";
            throw new VerifyException(Outcome.FAILED, "not a valid Ed25519 public key: " + why);
        }
        return new TrustedKey(raw, keyIdOf(raw));
    }

    /**
     * Reads a public key file's content (spec §5): 64 hex characters, surrounding whitespace
     * ignored, or a PEM {@code PUBLIC KEY} holding an Ed25519 SubjectPublicKeyInfo.
     *
     * @param source names the file in error messages, which start with it
     */
    public static TrustedKey parse(byte[] fileContent, String source) {
        String text = new String(fileContent, StandardCharsets.UTF_8).strip();
        byte[] raw;
        if (text.isEmpty()) {
            throw invalid(source, "empty file; " + FORMATS);
        } else if (PemBlock.looksLikePem(text)) {
            raw = rawFromPem(text, source);
        } else if (text.length() == 64 && Digest.isHex(text)) {
            raw = HexFormat.of().parseHex(text);
        } else {
            throw invalid(source, "not an Ed25519 public key (" + FORMATS + ")");
        }
        if (!Ed25519Verifier.isValidPublicKey(raw)) {
            throw invalid(source, "not a valid Ed25519 public key (not a point of the curve, or one of small order)");
        }
        return new TrustedKey(raw, keyIdOf(raw));
    }

    /** Whether {@code signature} is a valid Ed25519 signature by this key over {@code message}, held in memory. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != Ed25519Verifier.SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Verifier verifier = new Ed25519Verifier(raw, signature);
        verifier.update(message, 0, message.length);
        return verifier.verify();
    }

    /** The first 16 hex characters of the key id, enough to tell keys apart in messages. */
    public String shortId() {
        return keyId.substring(0, 16);
    }

    /** The key as a public key file holds it: 64 lowercase hex characters. */
    public String hex() {
        return HexFormat.of().formatHex(raw);
    }

    /** The key as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it. */
    public String toPem() {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
        return new PemBlock(PUBLIC_KEY, der).encode();
    }

    /** A copy of the 32 key bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** Lowercase hex SHA-256 of the key bytes. */
    public String keyId() {
        return keyId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedKey trustedKey && keyId.equals(trustedKey.keyId);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519 key " + shortId();
    }

    private static byte[] rawFromPem(String text, String source) {
        PemBlock pem;
        try {
            pem = PemBlock.parse(text);
        } catch (PemException e) {
            throw invalid(source, "not an Ed25519 public key (" + e.getMessage() + ")");
        }
        if (pem.label().endsWith("PRIVATE KEY")) {
            throw invalid(
                    source,
                    "holds a private key, which must not be on the device; "
                            + "trust the public key instead (keygen writes it as NAME.pub)");
        }
        if (!PUBLIC_KEY.equals(pem.label())) {
            throw invalid(source, "not an Ed25519 public key (PEM " + pem.label() + ", expected PUBLIC KEY)");
        }
        byte[] der = pem.der();
        if (der.length != SPKI_PREFIX.length + 32
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw invalid(source, "not an Ed25519 public key (the PEM PUBLIC KEY is for another algorithm)");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    private static VerifyException invalid(String source, String what) {
        return new VerifyException(Outcome.FAILED, source + ": " + what);
    }

    private static String keyIdOf(byte[] raw) {
        return Digest.of(raw).hex();
    }
}
