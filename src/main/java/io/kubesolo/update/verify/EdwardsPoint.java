package io.kubesolo.update.verify;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/**
 * A point of edwards25519, the twisted Edwards curve {@code -x^2 + y^2 = 1 + d x^2 y^2} over
 * GF(2^255 - 19) that Ed25519 signs on (RFC 8032 §5.1). Immutable; extended homogeneous
 * coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, x*y = T/Z, so addition needs no inversion.
 *
 * <p>Plain {@link BigInteger} arithmetic: simple to check against the RFC, fast enough (a few
 * milliseconds per scalar multiplication), and <em>not constant time</em>: its running time
 * depends on the scalar. That is fine for verification, which handles no secret, and it must
 * never touch one: signing and key derivation are the JDK's ({@link SigningKey}).
 */
final class EdwardsPoint {

    /** The field prime p = 2^255 - 19. */
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The order of the base point's subgroup, L = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    /** The curve constant d = -121665 / 121666. */
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);

    private static final BigInteger TWO_D = D.shiftLeft(1).mod(P);
    /** A square root of -1 modulo p: 2^((p-1)/4). */
    private static final BigInteger SQRT_MINUS_ONE =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    static final EdwardsPoint IDENTITY =
            new EdwardsPoint(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
    /** The base point B: y = 4/5, x even (RFC 8032 §5.1). */
    static final EdwardsPoint BASE = decode(encodeAffine(
                    BigInteger.ZERO,
                    BigInteger.valueOf(4)
                            .multiply(BigInteger.valueOf(5).modInverse(P))
                            .mod(P)))
            .orElseThrow();

    private final BigInteger x;
    private final BigInteger y;
    private final BigInteger z;
    private final BigInteger t;

    private EdwardsPoint(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    /**
     * Decodes a 32-byte point encoding strictly, per RFC 8032 §5.1.3: empty when y ≥ p (a
     * non-canonical encoding), when x^2 = (y^2 - 1) / (d y^2 + 1) has no square root, or when x = 0
     * but the encoding asks for an odd x.
     */
    static Optional<EdwardsPoint> decode(byte[] encoding) {
        if (encoding.length != 32) {
            return Optional.empty();
        }
        byte[] littleEndian = encoding.clone();
        boolean xOdd = (littleEndian[31] & 0x80) != 0;
        littleEndian[31] &= 0x7f;
        BigInteger y = fromLittleEndian(littleEndian);
        if (y.compareTo(P) >= 0) {
            return Optional.empty();
        }
        BigInteger ySquared = y.multiply(y).mod(P);
        BigInteger u = ySquared.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(ySquared).add(BigInteger.ONE).mod(P);
        // Candidate root x = u v^3 (u v^7)^((p-5)/8), which is (u/v)^((p+3)/8).
        BigInteger v3 = v.modPow(BigInteger.valueOf(3), P);
        BigInteger v7 = v3.multiply(v3).multiply(v).mod(P);
        BigInteger x = u.multiply(v3)
                .multiply(u.multiply(v7)
                        .mod(P)
                        .modPow(P.subtract(BigInteger.valueOf(5)).shiftRight(3), P))
                .mod(P);
        BigInteger vxx = v.multiply(x).multiply(x).mod(P);
        if (!vxx.equals(u)) {
            if (vxx.equals(P.subtract(u).mod(P))) {
                x = x.multiply(SQRT_MINUS_ONE).mod(P);
            } else {
                return Optional.empty();
            }
        }
        if (x.signum() == 0 && xOdd) {
            return Optional.empty();
        }
        if (x.testBit(0) != xOdd) {
            x = P.subtract(x);
        }
        return Optional.of(new EdwardsPoint(x, y, BigInteger.ONE, x.multiply(y).mod(P)));
    }

    /** The canonical 32-byte encoding: y little-endian, the top bit holding x's parity. */
    byte[] encode() {
        BigInteger zInverse = z.modInverse(P);
        return encodeAffine(x.multiply(zInverse).mod(P), y.multiply(zInverse).mod(P));
    }

    /** This + other (RFC 8032 §5.1.4; the formula is complete, it also holds for doubling). */
    EdwardsPoint add(EdwardsPoint other) {
        BigInteger a = y.subtract(x).multiply(other.y.subtract(other.x)).mod(P);
        BigInteger b = y.add(x).multiply(other.y.add(other.x)).mod(P);
        BigInteger c = t.multiply(TWO_D).multiply(other.t).mod(P);
        BigInteger d = z.shiftLeft(1).multiply(other.z).mod(P);
        return combine(b.subtract(a), d.subtract(c), d.add(c), b.add(a));
    }

    /** 2 * this, the cheaper doubling formula of RFC 8032 §5.1.4. */
    EdwardsPoint twice() {
        BigInteger a = x.multiply(x).mod(P);
        BigInteger b = y.multiply(y).mod(P);
        BigInteger c = z.multiply(z).shiftLeft(1).mod(P);
        BigInteger h = a.add(b);
        BigInteger xPlusY = x.add(y);
        BigInteger e = h.subtract(xPlusY.multiply(xPlusY)).mod(P);
        BigInteger g = a.subtract(b);
        BigInteger f = c.add(g);
        return combine(e, f, g, h);
    }

    /** [scalar] this, for 0 ≤ scalar (double-and-add from the top bit). */
    EdwardsPoint multiply(BigInteger scalar) {
        if (scalar.signum() < 0) {
            throw new IllegalArgumentException("negative scalar");
        }
        EdwardsPoint result = IDENTITY;
        for (int bit = scalar.bitLength() - 1; bit >= 0; bit--) {
            result = result.twice();
            if (scalar.testBit(bit)) {
                result = result.add(this);
            }
        }
        return result;
    }

    /** Whether [8] this is the identity: one of the 8 points anyone can forge signatures for. */
    boolean hasSmallOrder() {
        return Arrays.equals(multiply(BigInteger.valueOf(8)).encode(), IDENTITY.encode());
    }

    /** The integer a 32-byte little-endian string stands for (RFC 8032's convention). */
    static BigInteger fromLittleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[bytes.length - 1 - i] = bytes[i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** {@code value} (0 ≤ value < 2^256) as 32 little-endian bytes. */
    static byte[] toLittleEndian(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a 256-bit unsigned integer");
        }
        byte[] bigEndian = value.toByteArray(); // up to 33 bytes: a leading zero sign byte is dropped
        byte[] littleEndian = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    private static EdwardsPoint combine(BigInteger e, BigInteger f, BigInteger g, BigInteger h) {
        return new EdwardsPoint(
                e.multiply(f).mod(P),
                g.multiply(h).mod(P),
                f.multiply(g).mod(P),
                e.multiply(h).mod(P));
    }

    private static byte[] encodeAffine(BigInteger affineX, BigInteger affineY) {
        byte[] encoding = toLittleEndian(affineY);
        if (affineX.testBit(0)) {
            encoding[31] |= (byte) 0x80;
        }
        return encoding;
    }
}
