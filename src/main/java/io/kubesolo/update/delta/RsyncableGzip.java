package io.kubesolo.update.delta;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * Compresses to gzip so that a change in the uncompressed bytes changes the compressed bytes only
 * near it (what {@code gzip --rsyncable} does). The uncompressed stream is cut into content-defined
 * segments ({@link Chunker}, {@link #SEGMENTS}), and each segment is deflated on its own and ended
 * with a full flush: the dictionary is reset and the output byte-aligned, so a segment's compressed
 * bytes depend only on its own uncompressed bytes. Two initramfs images that share most files
 * then share most compressed bytes too, and the chunks of the compressed file can be reused.
 *
 * <p>The result is one ordinary gzip member (RFC 1952: no name, mtime 0, so the same input always
 * gives the same bytes) that any inflater, the kernel's included, decompresses to exactly the
 * input; a full flush is only an empty stored block. It costs about 1 % in size at these segment sizes.
 */
public final class RsyncableGzip {

    /**
     * Segments of 8/32/128 KiB uncompressed: about half a compressed chunk each at typical ratios,
     * so a change disturbs about one compressed chunk beyond its own, while each flush (5 bytes and
     * a fresh dictionary) costs little.
     */
    static final ChunkParameters SEGMENTS = new ChunkParameters(8 * 1024, 32 * 1024, 128 * 1024);

    private static final int BUFFER_BYTES = 256 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};

    private final int level;

    /** @param level the deflate level, 1 (fast) to 9 (small); gzip's default is 6 */
    public RsyncableGzip(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("deflate level " + level + " is not 1 to 9");
        }
        this.level = level;
    }

    /** Decompresses gzip from {@code gzip} (one or more members) and writes it rsyncable to {@code out}. */
    public void recompress(InputStream gzip, OutputStream out) throws IOException {
        compress(new GZIPInputStream(gzip, BUFFER_BYTES), out);
    }

    /** Compresses {@code in} rsyncable to {@code out}. Does not close either. */
    public void compress(InputStream in, OutputStream out) throws IOException {
        Deflater deflater = new Deflater(level, true);
        try {
            CRC32 crc = new CRC32();
            Chunker chunker = new Chunker(SEGMENTS);
            byte[] segment = new byte[SEGMENTS.max()];
            byte[] input = new byte[BUFFER_BYTES];
            byte[] output = new byte[BUFFER_BYTES];
            out.write(HEADER);
            long total = 0;
            int filled = 0;
            int read;
            while ((read = in.read(input)) != -1) {
                crc.update(input, 0, read);
                total += read;
                int from = 0;
                while (from < read) {
                    int cut = chunker.cut(input, from, read);
                    int end = cut < 0 ? read : cut;
                    System.arraycopy(input, from, segment, filled, end - from);
                    filled += end - from;
                    from = end;
                    if (cut >= 0) {
                        deflate(deflater, segment, filled, Deflater.FULL_FLUSH, output, out);
                        filled = 0;
                    }
                }
            }
            deflate(deflater, segment, filled, Deflater.FULL_FLUSH, output, out);
            deflater.finish();
            while (!deflater.finished()) {
                out.write(output, 0, deflater.deflate(output));
            }
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, (int) total);
        } finally {
            deflater.end();
        }
    }

    /** Deflates one whole segment and flushes, so its output never depends on how the input was read. */
    private static void deflate(
            Deflater deflater, byte[] segment, int length, int flush, byte[] output, OutputStream out)
            throws IOException {
        if (length == 0) {
            return;
        }
        deflater.setInput(segment, 0, length);
        int produced;
        do {
            produced = deflater.deflate(output, 0, output.length, flush);
            out.write(output, 0, produced);
        } while (produced == output.length || !deflater.needsInput());
    }

    private static void writeIntLe(OutputStream out, int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }
}
