package io.kubesolo.update.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest {@code sha256:<64 lowercase hex>}, the only algorithm releases use. Immutable
 * and validated: an instance always has the right form.
 */
public final class Digest {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "sha256:";

    private final String hex;

    private Digest(String hex) {
        this.hex = hex;
    }

    /** Parses {@code sha256:<64 lowercase hex>}; anything else is a {@link OciException.Reason#MALFORMED}. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new OciException(OciException.Reason.MALFORMED, "digest is missing");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new OciException(OciException.Reason.MALFORMED,
                    "'" + abbreviate(text) + "' is not a digest: expected sha256:<64 hex digits>");
        }
        if (!text.startsWith(PREFIX)) {
            throw new OciException(OciException.Reason.MALFORMED, "digest '" + abbreviate(text)
                    + "' uses algorithm '" + abbreviate(text.substring(0, colon)) + "'; only sha256 is supported");
        }
        return ofHex(text.substring(PREFIX.length()));
    }

    /** Wraps a bare lowercase hex SHA-256 as the artifact records carry it. */
    public static Digest ofHex(String hex) {
        if (!HEX64.matcher(hex).matches()) {
            throw new OciException(OciException.Reason.MALFORMED,
                    "'" + abbreviate(hex) + "' is not a SHA-256 digest: expected 64 lowercase hex digits");
        }
        return new Digest(hex);
    }

    public static Digest of(byte[] content) {
        return fromRaw(newSha256().digest(content));
    }

    /** The digest a finished {@link MessageDigest} computed. */
    public static Digest ofFinished(MessageDigest sha256) {
        return fromRaw(sha256.digest());
    }

    private static Digest fromRaw(byte[] rawSha256) {
        return new Digest(HexFormat.of().formatHex(rawSha256));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public String hex() {
        return hex;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest && ((Digest) other).hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
