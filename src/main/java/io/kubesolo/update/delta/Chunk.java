package io.kubesolo.update.delta;

import java.util.Objects;

/**
 * One content-defined chunk of a file.
 *
 * @param offset where it starts in the file
 * @param length its length in bytes, at least 1
 * @param sha256 the lowercase hex SHA-256 of its bytes
 */
public record Chunk(long offset, int length, String sha256) {

    public Chunk {
        Objects.requireNonNull(sha256, "sha256");
    }

    public long end() {
        return offset + length;
    }
}
