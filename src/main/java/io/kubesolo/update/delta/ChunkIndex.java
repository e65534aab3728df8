package io.kubesolo.update.delta;

import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chunk index of one release file (docs/delta.md): how it was cut, the file's size and
 * SHA-256, and every chunk in order. The release side publishes it beside the file; a device
 * reuses the chunks its slots already hold and fetches the rest with {@code Range} requests.
 *
 * <p>Valid by construction: the chunks are contiguous from offset 0, cover exactly {@code size}
 * bytes and are none longer than the parameters' maximum.
 */
public record ChunkIndex(ChunkParameters parameters, long size, Digest digest, List<Chunk> chunks) {

    public ChunkIndex {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(digest, "digest");
        chunks = List.copyOf(chunks);
        long expected = 0;
        for (Chunk chunk : chunks) {
            if (chunk.offset() != expected) {
                throw new DeltaException("chunk at offset " + chunk.offset() + " does not follow the previous one, "
                        + "which ends at " + expected);
            }
            if (chunk.length() < 1 || chunk.length() > parameters.max()) {
                throw new DeltaException("chunk at offset " + chunk.offset() + " is " + chunk.length()
                        + " bytes long; chunks are 1 to " + parameters.max() + " bytes");
            }
            expected = chunk.end();
        }
        if (expected != size) {
            throw new DeltaException("the chunks cover " + expected + " bytes, the file has " + size);
        }
    }

    /** Cuts and hashes a file with the default parameters. */
    public static ChunkIndex ofFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in, ChunkParameters.DEFAULT);
        }
    }

    /** Cuts and hashes a whole file's bytes, read once from {@code in}. */
    public static ChunkIndex of(InputStream in, ChunkParameters parameters) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        ChunkScanner.Scanned scanned = new ChunkScanner(parameters).scan(in, chunks::add);
        return new ChunkIndex(parameters, scanned.size(), scanned.digest(), chunks);
    }
}
