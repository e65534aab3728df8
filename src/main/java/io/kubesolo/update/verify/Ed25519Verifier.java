package io.kubesolo.update.verify;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Verifies one Ed25519 signature under one public key over a message fed in pieces, in constant
 * memory (RFC 8032 §5.1.7). The JDK's Ed25519 {@code Signature} buffers the whole message before
 * verifying; a 500 MB initramfs on a 2 GB machine cannot afford that. Verification only needs
 * k = SHA-512(R || A || M), and R and A are known before the first message byte, so the message
 * can be hashed as it streams past.
 *
 * <p>The checks, in RFC order: the signature is 64 bytes R || S; A and R decode strictly as curve
 * points (§5.1.3: no y ≥ p, no "negative zero" x, no non-squares); S &lt; L, which rejects the
 * malleable S + L; then [S]B == R + [k]A, compared as encodings. That is the cofactorless
 * equation, as the JDK and OpenSSL check it, so all three agree on every signature.
 *
 * <p>Single use: feed the message with {@link #update}, then call {@link #verify} once.
 */
final class Ed25519Verifier {

    static final int PUBLIC_KEY_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 64;

    private final byte[] publicKey;
    private final byte[] signature;
    private final MessageDigest sha512;
    private boolean finished;

    Ed25519Verifier(byte[] publicKey, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes and a signature 64, not "
                    + publicKey.length + " and " + signature.length);
        }
        this.publicKey = publicKey.clone();
        this.signature = signature.clone();
        this.sha512 = newSha512();
        sha512.update(this.signature, 0, 32); // R
        sha512.update(this.publicKey); // A
    }

    /**
     * Whether {@code publicKey} is fit to be trusted: 32 bytes that decode strictly to a curve point
     * which is not of small order. {@link #verify} itself, like RFC 8032, accepts small-order keys;
     * under one, a signature is forgeable without the private key, so a key file holding one is
     * refused when it is loaded.
     */
    static boolean isValidPublicKey(byte[] publicKey) {
        return EdwardsPoint.decode(publicKey)
                .filter(point -> !point.hasSmallOrder())
                .isPresent();
    }

    /** Feeds the next piece of the message M. */
    void update(byte[] bytes, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("this verification is finished");
        }
        sha512.update(bytes, offset, length);
    }

    /** Whether the signature is valid for the message fed so far; ends this verification. */
    boolean verify() {
        if (finished) {
            throw new IllegalStateException("this verification is finished");
        }
        finished = true;
        byte[] k = sha512.digest();
        Optional<EdwardsPoint> a = EdwardsPoint.decode(publicKey);
        Optional<EdwardsPoint> r = EdwardsPoint.decode(Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = EdwardsPoint.fromLittleEndian(Arrays.copyOfRange(signature, 32, 64));
        if (a.isEmpty() || r.isEmpty() || s.compareTo(EdwardsPoint.L) >= 0) {
            return false;
        }
        BigInteger kModL = EdwardsPoint.fromLittleEndian(k).mod(EdwardsPoint.L);
        byte[] left = EdwardsPoint.BASE.multiply(s).encode();
        byte[] right = r.get().add(a.get().multiply(kModL)).encode();
        return MessageDigest.isEqual(left, right);
    }

    static MessageDigest newSha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-512", e);
        }
    }
}
