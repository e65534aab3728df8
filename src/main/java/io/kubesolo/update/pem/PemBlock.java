package io.kubesolo.update.pem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEM block (RFC 7468): {@code -----BEGIN <label>-----}, base64 of DER, {@code -----END
 * <label>-----}. The one PEM reader of the program: {@link #parse} reads the first block of a key
 * file strictly (signing and trusted keys), {@link #all} every well-formed block of a file that
 * may hold several (certificates and keys of a kubeconfig or a TLS directory); {@link PemKeys}
 * turns blocks into keys and certificates.
 */
public final class PemBlock {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private final String label;
    private final byte[] der;

    public PemBlock(String label, byte[] der) {
        this.label = label;
        this.der = der.clone();
    }

    public String label() {
        return label;
    }

    /** Whether {@code text} looks like PEM at all (has a BEGIN line). */
    public static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /**
     * Every well-formed block of {@code text}, in order; text around and between them is ignored,
     * as are blocks whose END line does not match.
     */
    public static List<PemBlock> all(String text) {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new PemBlock(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
        }
        return blocks;
    }

    /**
     * Parses the first PEM block of {@code text}, strictly.
     *
     * @throws PemException saying what is wrong, e.g. "truncated PEM: no END line"
     */
    public static PemBlock parse(String text) {
        int begin = text.indexOf(BEGIN);
        if (begin < 0) {
            throw new PemException("not PEM: no BEGIN line");
        }
        int labelStart = begin + BEGIN.length();
        int labelEnd = text.indexOf(DASHES, labelStart);
        int lineEnd = text.indexOf('\n', labelStart);
        if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
            throw new PemException("malformed PEM BEGIN line");
        }
        String label = text.substring(labelStart, labelEnd);
        String endLine = END + label + DASHES;
        int end = text.indexOf(endLine, labelEnd);
        if (end < 0) {
            throw new PemException("truncated PEM: no \"" + endLine + "\" line");
        }
        String body = text.substring(labelEnd + DASHES.length(), end).replaceAll("\\s+", "");
        if (body.isEmpty()) {
            throw new PemException("empty PEM " + label + " block");
        }
        try {
            return new PemBlock(label, Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException e) {
            throw new PemException("PEM " + label + " block is not valid base64", e);
        }
    }

    /** The PEM text of this block: 64-character base64 lines, ending in a newline. */
    public String encode() {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + label + DASHES + "\n" + base64 + "\n" + END + label + DASHES + "\n";
    }

    /** A copy of the DER bytes. */
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PemBlock that && label.equals(that.label) && Arrays.equals(der, that.der);
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
