package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SHA-256 content digest, the only algorithm releases use: as OCI writes it,
 * {@code sha256:<64 lowercase hex>} ({@link #toString()}), and as {@code latest.json} writes it,
 * 64 hex characters ({@link #hex()}). Immutable and validated: an instance always has the right
 * form. A malformed digest is a {@link VerifyException} ({@link Outcome#FAILED}).
 */
public final class Digest {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "sha256:";

    private final String hex;

    private Digest(String hex) {
        this.hex = hex;
    }

    /** Parses {@code sha256:<64 lowercase hex>}, the OCI form. */
    public static Digest parse(String text) {
        if (text == null) {
            throw malformed("digest is missing");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw malformed("'" + abbreviate(text) + "' is not a digest: expected sha256:<64 hex digits>");
        }
        if (!text.startsWith(PREFIX)) {
            throw malformed("digest '" + abbreviate(text) + "' uses algorithm '" + abbreviate(text.substring(0, colon))
                    + "'; only sha256 is supported");
        }
        String hex = text.substring(PREFIX.length());
        if (!HEX64.matcher(hex).matches()) {
            throw malformed("'" + abbreviate(hex) + "' is not a SHA-256 digest: expected 64 lowercase hex digits");
        }
        return new Digest(hex);
    }

    /** Parses 64 hex characters of either case, as release metadata names a file's digest. */
    public static Digest parseHex(String hex) {
        if (hex == null || hex.length() != 64 || !isHex(hex)) {
            throw malformed("not a SHA-256 digest: " + (hex == null ? "(none)" : "\"" + abbreviate(hex) + "\"")
                    + " (expected 64 hex characters)");
        }
        return new Digest(hex.toLowerCase(Locale.ROOT));
    }

    /** The digest of {@code content}. */
    public static Digest of(byte[] content) {
        MessageDigest sha256 = newSha256();
        sha256.update(content);
        return ofFinished(sha256);
    }

    /** The digest a {@link #newSha256()} computed over everything fed to it; completes (resets) it. */
    public static Digest ofFinished(MessageDigest sha256) {
        if (!"SHA-256".equals(sha256.getAlgorithm())) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + sha256.getAlgorithm());
        }
        return new Digest(HexFormat.of().formatHex(sha256.digest()));
    }

    /** A fresh SHA-256 {@link MessageDigest}, for streaming callers. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** 64 lowercase hex characters. */
    public String hex() {
        return hex;
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

    private static VerifyException malformed(String message) {
        return new VerifyException(Outcome.FAILED, message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest digest && digest.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** {@code sha256:<hex>}, the OCI form. */
    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
