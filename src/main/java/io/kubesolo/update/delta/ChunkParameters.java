package io.kubesolo.update.delta;

/**
 * How a file is cut into content-defined chunks (FastCDC with a 64-bit gear hash and normalized
 * chunking, docs/delta.md): no chunk shorter than {@code min} (except the last), none longer than
 * {@code max}, {@code avg} the size the cut points aim at.
 *
 * <p>The defaults, 16/64/256 KiB: a 100 MiB initramfs becomes about 1 600 chunks, so its index is
 * about 0.15 % of it; a change costs on average one chunk either side of it (≈ 128 KiB) on top of
 * the changed bytes; and one chunk is one read of a 256 KiB buffer at most. Smaller chunks find
 * more to reuse but the index grows in proportion; larger ones waste more around each change.
 */
public record ChunkParameters(int min, int avg, int max) {

    public static final ChunkParameters DEFAULT = new ChunkParameters(16 * 1024, 64 * 1024, 256 * 1024);
    /** The algorithm name the index carries; a device refuses an index made by another. */
    public static final String ALGORITHM = "fastcdc-gear64-v1";

    private static final int SMALLEST = 64;
    private static final int LARGEST = 16 * 1024 * 1024;

    /** @throws DeltaException unless {@code 64 ≤ min ≤ avg ≤ max ≤ 16 MiB} and {@code avg} is a power of two */
    public ChunkParameters {
        if (min < SMALLEST || min > avg || avg > max || max > LARGEST || Integer.bitCount(avg) != 1) {
            throw new DeltaException("chunk sizes min " + min + ", avg " + avg + ", max " + max
                    + " are not 64 ≤ min ≤ avg ≤ max ≤ 16 MiB with avg a power of two");
        }
    }

    /** log2 of {@code avg}: the number of hash bits a cut point must have clear, on average. */
    int averageBits() {
        return Integer.numberOfTrailingZeros(avg);
    }
}
