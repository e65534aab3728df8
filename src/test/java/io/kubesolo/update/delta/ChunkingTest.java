package io.kubesolo.update.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ChunkingTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void chunksStayWithinTheirBoundsAndCoverTheFile() throws IOException {
        byte[] data = random(4 * MIB, 1);

        ChunkIndex index = ChunkIndex.of(new ByteArrayInputStream(data), ChunkParameters.DEFAULT);

        assertThat(index.size()).isEqualTo(data.length);
        assertThat(index.chunks().subList(0, index.chunks().size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.length()).isBetween(16 * 1024, 256 * 1024));
        double average = (double) data.length / index.chunks().size();
        assertThat(average).as("average chunk size").isBetween(32.0 * 1024, 128.0 * 1024);
    }

    @Test
    void anInsertionChangesOnlyTheChunksAroundIt() throws IOException {
        byte[] before = random(4 * MIB, 2);
        byte[] after = splice(before, 2 * MIB, 0, random(1000, 3));

        Set<Digest> old = digests(before);
        List<Chunk> chunks = ChunkIndex.of(new ByteArrayInputStream(after), ChunkParameters.DEFAULT)
                .chunks();
        long changed = chunks.stream()
                .filter(chunk -> !old.contains(chunk.digest()))
                .mapToLong(Chunk::length)
                .sum();

        assertThat(changed).isGreaterThan(0).isLessThanOrEqualTo(2L * 256 * 1024 + 1000);
    }

    @Test
    void theSameBytesAlwaysGiveTheSameIndex() throws IOException {
        byte[] data = random(MIB, 4);
        ChunkIndexCodec codec = new ChunkIndexCodec();

        byte[] first = codec.write(ChunkIndex.of(new ByteArrayInputStream(data), ChunkParameters.DEFAULT));
        byte[] second = codec.write(ChunkIndex.of(new ByteArrayInputStream(data), ChunkParameters.DEFAULT));

        assertThat(first).isEqualTo(second);
        assertThat(codec.parse(first, "index"))
                .isEqualTo(ChunkIndex.of(new ByteArrayInputStream(data), ChunkParameters.DEFAULT));
    }

    @Test
    void theCodecRefusesIndexesThatDoNotDescribeAFile() {
        ChunkIndexCodec codec = new ChunkIndexCodec();
        String head = "{\"mediaType\":\"" + ChunkIndexCodec.MEDIA_TYPE + "\",\"chunker\":{\"algorithm\":\""
                + ChunkParameters.ALGORITHM + "\",\"min\":16384,\"avg\":65536,\"max\":262144},";
        String hex = "a".repeat(64);

        assertThatThrownBy(() -> codec.parse(bytes("[]"), "index")).hasMessage("index is not a JSON object");
        assertThatThrownBy(() -> codec.parse(
                        bytes(head + "\"size\":10,\"sha256\":\"" + hex + "\",\"chunks\":[[0,5,\"" + hex + "\"]]}"),
                        "index"))
                .hasMessage("index: the chunks cover 5 bytes, the file has 10");
        assertThatThrownBy(() -> codec.parse(
                        bytes(head + "\"size\":10,\"sha256\":\"" + hex + "\",\"chunks\":[[0,5,\"" + hex + "\"],[6,4,\""
                                + hex + "\"]]}"),
                        "index"))
                .hasMessage("index: chunk at offset 6 does not follow the previous one, which ends at 5");
        assertThatThrownBy(() -> codec.parse(
                        bytes(head.replace("65536", "65535") + "\"size\":0,\"sha256\":\"" + hex + "\",\"chunks\":[]}"),
                        "index"))
                .hasMessageContaining("with avg a power of two");
        assertThatThrownBy(() -> codec.parse(
                        bytes(head.replace(ChunkParameters.ALGORITHM, "rabin") + "\"size\":0,\"sha256\":\"" + hex
                                + "\",\"chunks\":[]}"),
                        "index"))
                .hasMessage("index was cut with 'rabin'; this agent knows " + ChunkParameters.ALGORITHM);
        assertThatThrownBy(() -> codec.parse(
                        bytes(head + "\"size\":5,\"sha256\":\"" + hex + "\",\"chunks\":[[0,5,\"XYZ\"]]}"), "index"))
                .hasMessage("index: chunk sha256 is not 64 lowercase hex digits");
        assertThatThrownBy(() -> codec.parse(bytes(head + "\"size\":5,\"size\":5}"), "index"))
                .hasMessageStartingWith("index is not valid JSON: Duplicate field 'size'");
    }

    @Test
    void rsyncableGzipDecompressesToTheSameBytes() throws IOException {
        byte[] data = compressible(3 * MIB, 5);

        byte[] gzip = rsyncable(data);

        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(gzip.length).isLessThan(data.length / 2);
        assertThat(rsyncable(data)).as("deterministic").isEqualTo(gzip);
    }

    @Test
    void aChangeInTheMiddleChangesFewCompressedChunks() throws IOException {
        byte[] before = compressible(8 * MIB, 6);
        byte[] after = splice(before, 4 * MIB, 64 * 1024, compressible(64 * 1024, 7));

        byte[] oldGzip = rsyncable(before);
        byte[] newGzip = rsyncable(after);
        Set<Digest> old = digests(oldGzip);
        List<Chunk> chunks = ChunkIndex.of(new ByteArrayInputStream(newGzip), ChunkParameters.DEFAULT)
                .chunks();
        long changed = chunks.stream()
                .filter(chunk -> !old.contains(chunk.digest()))
                .mapToLong(Chunk::length)
                .sum();

        assertThat(changed).as("changed compressed bytes of " + newGzip.length).isLessThan(newGzip.length / 10);
    }

    private static byte[] rsyncable(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RsyncableGzip(6).compress(new ByteArrayInputStream(data), out);
        return out.toByteArray();
    }

    private static Set<Digest> digests(byte[] data) throws IOException {
        return ChunkIndex.of(new ByteArrayInputStream(data), ChunkParameters.DEFAULT).chunks().stream()
                .map(Chunk::digest)
                .collect(Collectors.toSet());
    }

    /** {@code data} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    static byte[] splice(byte[] data, int at, int removed, byte[] inserted) {
        byte[] result = new byte[data.length - removed + inserted.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(data, at + removed, result, at + inserted.length, data.length - at - removed);
        return result;
    }

    static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text-like bytes that compress about 3:1, as binaries and scripts in an initramfs do. */
    static byte[] compressible(int length, int seed) {
        Random random = new Random(seed);
        String[] words = {
            "kube", "solo", "update", "slot", "grub", "initramfs", "kernel", "cpio", "\n", " ", "/usr/bin/"
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        while (out.size() < length) {
            if (random.nextInt(8) == 0) {
                out.write(random.nextInt(256));
            } else {
                out.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII));
            }
        }
        return java.util.Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
