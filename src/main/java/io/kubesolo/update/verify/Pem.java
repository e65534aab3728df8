package io.kubesolo.update.verify;

import java.util.Base64;

/**
 * One PEM block (RFC 7468): {@code -----BEGIN <label>-----}, base64 of DER, {@code -----END
 * <label>-----}. Text before the BEGIN line is ignored, as OpenSSL ignores it.
 */
record Pem(String label, byte[] der) {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    Pem {
        der = der.clone();
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

    @Override
    public byte[] der() {
        return der.clone();
    }
}
