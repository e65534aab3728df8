package io.kubesolo.update.publish;

import io.kubesolo.update.verify.Signatures;
import java.nio.charset.StandardCharsets;

/** How a detached signature file holds the signature (spec §5); the agent reads both. */
public enum SignatureFormat {
    /** The raw 64 bytes, as {@code openssl pkeyutl -sign -rawin} writes them. */
    RAW,
    /** 128 lowercase hex characters and a newline. */
    HEX;

    public byte[] encode(byte[] signature) {
        return this == RAW ? signature.clone() : Signatures.toHex(signature).getBytes(StandardCharsets.US_ASCII);
    }
}
