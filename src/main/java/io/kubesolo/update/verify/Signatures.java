package io.kubesolo.update.verify;

import io.kubesolo.update.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Detached signature files (spec §5): the raw 64-byte Ed25519 signature, or the same as 128 hex
 * characters with optional surrounding whitespace. A file of exactly 64 bytes is always raw (a hex
 * one has at least 128), so the two forms never overlap.
 */
public final class Signatures {

    /** No valid signature file is larger; read at most this many bytes (plus one, to notice more). */
    public static final int MAX_FILE_SIZE = 1024;

    private Signatures() {}

    /**
     * The 64 signature bytes a signature file holds.
     *
     * @param what what the signature is of, for the message: "signature of {what} is ..."
     * @throws VerifyException (REFUSED) when the content is neither form
     */
    public static byte[] parse(byte[] fileContent, String what) {
        if (fileContent.length == Ed25519Verifier.SIGNATURE_LENGTH) {
            return fileContent.clone();
        }
        if (fileContent.length <= MAX_FILE_SIZE) {
            String text = new String(fileContent, StandardCharsets.US_ASCII).strip();
            if (text.length() == 2 * Ed25519Verifier.SIGNATURE_LENGTH && Digest.isHex(text)) {
                return HexFormat.of().parseHex(text);
            }
        }
        throw new VerifyException(
                Outcome.REFUSED,
                "signature of " + what + " is not an Ed25519 signature (" + fileContent.length
                        + " bytes; expected 64 raw bytes or 128 hex characters)");
    }

    /** The hex form of a signature file: 128 lowercase hex characters and a newline. */
    public static String toHex(byte[] signature) {
        if (signature.length != Ed25519Verifier.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + signature.length);
        }
        return HexFormat.of().formatHex(signature) + "\n";
    }
}
