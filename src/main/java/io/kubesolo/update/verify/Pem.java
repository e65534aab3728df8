package io.kubesolo.update.verify;

import java.util.Arrays;
import java.util.Base64;

/**
 * One PEM block (RFC 7468): {@code -----BEGIN <label>-----}, base64 of DER, {@code -----END
 * <label>-----}. Text before the BEGIN line is ignored, as OpenSSL ignores it.
 */
final class Pem {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final String label;
    private final byte[] der;

    Pem(String label, byte[] der) {
        this.label = label;
        this.der = der.clone();
    }

    String label() {
        return label;
    }

    /** Whether {@code text} looks like PEM at all (has a BEGIN line). */
    static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /**
     * Parses the first PEM block of {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. "truncated PEM: no END line"
     */
    static Pem parse(String text) {
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new IllegalArgumentException("not PEM: no BEGIN line");
        }
        int labelStart = begin + BEGIN.length();
        int labelEnd = text.indexOf(DASHES, labelStart);
        int lineEnd = text.indexOf('\n', labelStart);
        if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
            throw new IllegalArgumentException("malformed PEM BEGIN line");
        }
        String label = text.substring(labelStart, labelEnd);
        String endLine = END + label + DASHES;
        int end = text.indexOf(endLine, labelEnd);
        if (end < 0) {
            throw new IllegalArgumentException("truncated PEM: no \"" + endLine + "\" line");
        }
        String body = text.substring(labelEnd + DASHES.length(), end).replaceAll("\\s+", "");
        if (body.isEmpty()) {
            throw new IllegalArgumentException("empty PEM " + label + " block");
        }
        try {
            return new Pem(label, Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM " + label + " block is not valid base64", e);
        }
    }

    /** The PEM text of this block: 64-character base64 lines, ending in a newline. */
    String encode() {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + label + DASHES + "\n" + base64 + "\n" + END + label + DASHES + "\n";
    }

    /** A copy of the DER bytes. */
    byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pem that && label.equals(that.label) && Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return 31 * label.hashCode() + Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "PEM " + label + " block of " + der.length + " bytes";
    }
}
