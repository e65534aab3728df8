package io.kubesolo.update.delta;

import io.kubesolo.update.verify.Digest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Finds content-defined cut points in a stream fed to it piece by piece (FastCDC: Xia et al.,
 * USENIX ATC 2016). A 64-bit gear hash rolls over the bytes of the current chunk from its
 * {@code min}-th byte on: {@code h = (h << 1) + GEAR[b]}, so its top bits depend on the last 64
 * bytes only. A cut follows the first byte where the top bits under the mask are all zero: before
 * {@code avg} with two more bits than log2(avg) (cuts less likely), after it with two fewer (more
 * likely), at {@code max} at the latest. Because a cut depends only on the bytes just before it,
 * an insertion or change moves the cuts near it and none further on: the chunks after it are the
 * same chunks as before.
 *
 * <p>The gear table is the first 8 bytes of SHA-256 of each byte value, so that any implementation
 * can rebuild it from this sentence.
 */
public final class Chunker {

    private static final long[] GEAR = gearTable();

    private final ChunkParameters parameters;
    private final long strictMask;
    private final long looseMask;
    private long hash;
    private int length;

    public Chunker(ChunkParameters parameters) {
        this.parameters = parameters;
        this.strictMask = topBits(parameters.averageBits() + 2);
        this.looseMask = topBits(Math.max(1, parameters.averageBits() - 2));
    }

    public ChunkParameters parameters() {
        return parameters;
    }

    /**
     * Consumes bytes from {@code bytes[from]} on, up to {@code to} or the end of the current chunk,
     * whichever is first.
     *
     * @return the index just past the last byte of the current chunk when it ends within
     *         {@code [from, to)} (the next chunk starts there), or -1 when the chunk goes on
     */
    public int cut(byte[] bytes, int from, int to) {
        int i = from;
        if (length < parameters.min()) {
            int skip = Math.min(parameters.min() - length, to - i);
            i += skip;
            length += skip;
        }
        while (i < to) {
            if (length >= parameters.max()) {
                return restart(i);
            }
            hash = (hash << 1) + GEAR[bytes[i] & 0xff];
            i++;
            length++;
            long mask = length <= parameters.avg() ? strictMask : looseMask;
            if ((hash & mask) == 0) {
                return restart(i);
            }
        }
        if (length >= parameters.max()) {
            return restart(i);
        }
        return -1;
    }

    private int restart(int at) {
        hash = 0;
        length = 0;
        return at;
    }

    private static long topBits(int bits) {
        return -1L << (64 - bits);
    }

    private static long[] gearTable() {
        long[] table = new long[256];
        for (int value = 0; value < 256; value++) {
            MessageDigest sha256 = Digest.newSha256();
            sha256.update((byte) value);
            table[value] = ByteBuffer.wrap(sha256.digest()).getLong();
        }
        return table;
    }
}
