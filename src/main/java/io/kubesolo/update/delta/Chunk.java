package io.kubesolo.update.delta;

import io.kubesolo.update.verify.Digest;
import java.util.Objects;

/**
 * One content-defined chunk of a file.
 *
 * @param offset where it starts in the file
 * @param length its length in bytes, at least 1
 * @param digest the SHA-256 of its bytes
 */
public record Chunk(long offset, int length, Digest digest) {

    public Chunk {
        Objects.requireNonNull(digest, "digest");
    }

    public long end() {
        return offset + length;
    }
}
