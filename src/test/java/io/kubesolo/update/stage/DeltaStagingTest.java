package io.kubesolo.update.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.ChunkParameters;
import io.kubesolo.update.delta.DeltaException;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.testing.DirectorySlot;
import io.kubesolo.update.testing.Stagers;
import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stager's delta path against an in-memory source whose ranges can be refused or cut. */
class DeltaStagingTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path root;

    private final byte[] kernel = random(300_000, 1);
    private final byte[] oldInitramfs = random(4 * MIB, 2);
    private final byte[] newInitramfs = oldInitramfs.clone();
    private final List<String> ranges = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private int wholeOpens;
    private boolean rangesRefused;
    private long cutRangesAfter = -1;
    private MountedSlot active;
    private MountedSlot passive;

    @BeforeEach
    void setUp() throws IOException {
        System.arraycopy(random(200_000, 3), 0, newInitramfs, 2 * MIB, 200_000);
        active = new DirectorySlot(SlotName.A, Files.createDirectories(root.resolve("a")));
        passive = new DirectorySlot(SlotName.B, Files.createDirectories(root.resolve("b")));
        Files.write(active.directory().resolve("vmlinuz"), kernel);
        Files.write(active.directory().resolve("kubesolo-os.gz"), oldInitramfs);
    }

    @Test
    void fetchesOnlyTheChangedChunksAndWritesTheNewFile() throws IOException {
        StagingResult result = stager(Retry.none()).stage(release(), passive);

        assertThat(Files.readAllBytes(passive.directory().resolve("kubesolo-os.gz")))
                .isEqualTo(newInitramfs);
        assertThat(Files.readAllBytes(passive.directory().resolve("vmlinuz"))).isEqualTo(kernel);
        assertThat(wholeOpens).isZero();
        assertThat(result.bytes()).isGreaterThanOrEqualTo(200_000).isLessThan(200_000 + 2 * 256 * 1024);
        assertThat(result.fromSlots()).isEqualTo(kernel.length + newInitramfs.length - result.bytes());
        assertThat(ranges).hasSize(1);
        assertThat(log).anyMatch(line -> line.startsWith("kubesolo-os.gz: delta update: "));
    }

    @Test
    void aServerWithoutRangesGetsAFullDownloadWithANote() throws IOException {
        rangesRefused = true;

        StagingResult result = stager(Retry.none()).stage(release(), passive);

        assertThat(Files.readAllBytes(passive.directory().resolve("kubesolo-os.gz")))
                .isEqualTo(newInitramfs);
        assertThat(result.bytes()).isEqualTo(newInitramfs.length);
        assertThat(log)
                .contains("kubesolo-os.gz: test source answered a Range request with the whole file;"
                        + " downloading the whole file instead");
    }

    @Test
    void aCutResponseKeepsTheAssembledPrefixForTheNextRun() throws IOException {
        cutRangesAfter = 100_000;

        assertThatThrownBy(() -> stager(Retry.none()).stage(release(), passive))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("broke off")
                .hasMessageContaining("the next apply continues from there");
        Path data = passive.directory().resolve(".kubesolo-os.gz.tmp");
        assertThat(Files.size(data)).isGreaterThan(2L * MIB - 256 * 1024);

        cutRangesAfter = -1;
        ranges.clear();
        StagingResult result = stager(Retry.none()).stage(release(), passive);

        assertThat(Files.readAllBytes(passive.directory().resolve("kubesolo-os.gz")))
                .isEqualTo(newInitramfs);
        assertThat(ranges).hasSize(1);
        assertThat(log).anyMatch(line -> line.contains(", continuing at byte "));
        assertThat(result.bytes()).isLessThan(200_000 + 2 * 256 * 1024);
    }

    private Stager stager(Retry retry) {
        return Stagers.retrying(source(), retry, log::add).reusingChunksOf(() -> active);
    }

    private UpdateSource source() {
        return new UpdateSource() {
            @Override
            public String describe() {
                return "test source";
            }

            @Override
            public Release fetchRelease() {
                throw new UnsupportedOperationException("the stager never fetches");
            }

            @Override
            public InputStream open(Artifact artifact, long offset) {
                wholeOpens++;
                byte[] bytes = content(artifact);
                return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
            }

            @Override
            public Optional<ChunkIndex> chunkIndex(Artifact artifact) {
                try {
                    return Optional.of(
                            ChunkIndex.of(new ByteArrayInputStream(content(artifact)), ChunkParameters.DEFAULT));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public InputStream openRange(Artifact artifact, long offset, long length) {
                if (rangesRefused) {
                    throw new DeltaException(
                            DeltaException.Reason.RANGES_UNSUPPORTED,
                            "test source answered a Range request with the whole file");
                }
                ranges.add(artifact.slotFile().fileName() + "@" + offset + "+" + length);
                byte[] bytes = content(artifact);
                InputStream in = new ByteArrayInputStream(bytes, (int) offset, (int) length);
                long cut = cutRangesAfter;
                return cut < 0
                        ? in
                        : new FilterInputStream(in) {
                            private long count;

                            @Override
                            public int read(byte[] buffer, int off, int len) throws IOException {
                                if (count >= cut) {
                                    throw new IOException("Connection reset");
                                }
                                int read = super.read(buffer, off, (int) Math.min(len, cut - count));
                                count += Math.max(read, 0);
                                return read;
                            }
                        };
            }
        };
    }

    private byte[] content(Artifact artifact) {
        return artifact.slotFile() == SlotFile.KERNEL ? kernel : newInitramfs;
    }

    private Release release() {
        ReleaseMetadata metadata = ReleaseMetadataBuilder.version("v0.5.0").build();
        return new Release(
                metadata, List.of(artifact(SlotFile.KERNEL, kernel), artifact(SlotFile.INITRAMFS, newInitramfs)));
    }

    private static Artifact artifact(SlotFile file, byte[] content) {
        return new Artifact(
                file,
                URI.create("test:" + file.fileName()),
                Digest.of(content),
                OptionalLong.of(content.length),
                Optional.empty());
    }

    private static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
