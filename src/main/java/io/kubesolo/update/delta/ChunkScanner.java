package io.kubesolo.update.delta;

import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Cuts a stream into chunks ({@link Chunker}) and hashes each, in constant memory: the bytes pass
 * through one 256 KiB buffer. Also hashes the whole stream, so the release side gets the file's
 * digest from the same read.
 */
public final class ChunkScanner {

    private static final int BUFFER_BYTES = 256 * 1024;

    /** Receives each chunk as it is cut, in order. */
    @FunctionalInterface
    public interface Listener {
        void chunk(Chunk chunk) throws IOException;
    }

    private final ChunkParameters parameters;

    public ChunkScanner(ChunkParameters parameters) {
        this.parameters = parameters;
    }

    /**
     * Reads {@code in} to its end, reporting every chunk.
     *
     * @return the SHA-256 of everything read and its length
     */
    public Scanned scan(InputStream in, Listener listener) throws IOException {
        Chunker chunker = new Chunker(parameters);
        MessageDigest whole = Digest.newSha256();
        MessageDigest chunk = Digest.newSha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long offset = 0;
        long chunkStart = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            whole.update(buffer, 0, read);
            int from = 0;
            while (from < read) {
                int cut = chunker.cut(buffer, from, read);
                int end = cut < 0 ? read : cut;
                chunk.update(buffer, from, end - from);
                offset += end - from;
                from = end;
                if (cut >= 0) {
                    listener.chunk(new Chunk(chunkStart, (int) (offset - chunkStart), Digest.ofFinished(chunk)));
                    chunkStart = offset;
                }
            }
        }
        if (offset > chunkStart) {
            listener.chunk(new Chunk(chunkStart, (int) (offset - chunkStart), Digest.ofFinished(chunk)));
        }
        return new Scanned(Digest.ofFinished(whole), offset);
    }

    /** What a scan read: the digest and length of the whole stream. */
    public record Scanned(Digest digest, long size) {}
}
