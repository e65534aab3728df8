package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 digest, as release metadata names it: 64 hex characters. Parsing accepts either case
 * and normalises to lowercase; {@link #hex()} is always lowercase.
 */
public final class Sha256 {

    private static final int LENGTH = 32;

    private final byte[] bytes;

    private Sha256(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses 64 hex characters; anything else is a {@link VerifyException} (FAILED). */
    public static Sha256 parseHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH || !isHex(hex)) {
            throw new VerifyException(Outcome.FAILED,
                    "not a SHA-256 digest: " + quote(hex) + " (expected 64 hex characters)");
        }
        return new Sha256(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    /** The digest of {@code bytes}. */
    public static Sha256 of(byte[] bytes) {
        return new Sha256(newDigest().digest(bytes));
    }

    /** The digest a finished {@link MessageDigest} computed: wraps a copy of its 32 bytes. */
    public static Sha256 ofDigest(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return new Sha256(digest.clone());
    }

    /** A fresh SHA-256 {@link MessageDigest}, for streaming callers. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** 64 lowercase hex characters. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The 32 digest bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Whether the data fed into {@code sha256Digest} has this digest. Completes the digest, which
     * resets it, so call this once, after the last byte.
     */
    public boolean matches(MessageDigest sha256Digest) {
        if (!"SHA-256".equals(sha256Digest.getAlgorithm())) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + sha256Digest.getAlgorithm());
        }
        return MessageDigest.isEqual(bytes, sha256Digest.digest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256 && MessageDigest.isEqual(bytes, ((Sha256) other).bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    /** {@code sha256:<hex>}, the form OCI digests use. */
    @Override
    public String toString() {
        return "sha256:" + hex();
    }

    static boolean isHex(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "\"" + shown + "\"";
    }
}
