package io.kubesolo.update.stage;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.delta.Chunk;
import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.DeltaAssembler;
import io.kubesolo.update.delta.DeltaException;
import io.kubesolo.update.delta.LocalChunks;
import io.kubesolo.update.delta.RangePlan;
import io.kubesolo.update.delta.RangeSource;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;

/**
 * One artifact put together from the chunks the device's slots already hold and {@code Range}
 * requests for the rest (docs/delta.md), into the same {@link PartialFile} a full download uses,
 * through the same {@link ArtifactCheck} (size, SHA-256, signature) of the whole file.
 *
 * <p>An interrupted assembly is continued by the next run after the last chunk of the partial file
 * that still has its digest. As in a full download, the data file is flushed every
 * {@link Checkpoints#INTERVAL_BYTES} while it is written, so a power cut costs little of it. A {@link DeltaException} that a full download would get past (no
 * {@code Range} support, a chunk that does not match) leaves the partial file to the caller, who
 * starts the full download over it.
 */
final class DeltaDownload {

    private final DownloadContext context;
    private final Artifact artifact;
    private final ChunkIndex index;
    private final List<Path> localFiles;
    private final PartialFile partial;
    private final TrustedKeys trustedKeys;
    private DeltaAssembler.Result result = new DeltaAssembler.Result(0, 0, 0);

    DeltaDownload(
            DownloadContext context,
            Artifact artifact,
            ChunkIndex index,
            List<Path> localFiles,
            PartialFile partial,
            TrustedKeys trustedKeys) {
        this.context = context;
        this.artifact = artifact;
        this.index = index;
        this.localFiles = List.copyOf(localFiles);
        this.partial = partial;
        this.trustedKeys = trustedKeys;
    }

    /** Bytes copied from the slots' files. */
    long reused() {
        return result.reused();
    }

    /** Bytes fetched from the source. */
    long fetched() {
        return result.fetched();
    }

    /** Assembles and verifies the whole; the data file is then complete and flushed, ready for {@link PartialFile#complete}. */
    void run() throws IOException {
        requireDescribes();
        ArtifactCheck check = new ArtifactCheck(
                artifact, trustedKeys, "from " + context.source().describe());
        long have = partial.usableBytes(artifact);
        if (have == 0) {
            partial.begin(artifact);
        }
        long from = verifiedPrefix(have, check);
        LocalChunks local = LocalChunks.scan(index, localFiles);
        RangePlan plan = RangePlan.of(index, local, from);
        if (plan.localBytes() == 0) {
            throw new DeltaException(DeltaException.Reason.NOTHING_TO_REUSE, name() + ": the slots hold none of it");
        }
        context.log()
                .accept(name() + ": delta update: " + plan.localBytes() + " bytes from this device's slots, "
                        + plan.fetchedBytes() + " to fetch in " + plan.fetched().size() + " range requests"
                        + (from > 0 ? ", continuing at byte " + from : "") + " (of " + index.size() + ")");
        Progress progress = context.progress().start(name(), artifact.size());
        progress.advance(from);
        try (FileChannel out = partial.openForWriteAt(from);
                Checkpoints checkpoints = new Checkpoints(out, partial.data(), from)) {
            CrashPoints.reached(partial.data(), "open");
            result = new DeltaAssembler(
                            plan,
                            local,
                            new ArtifactRanges(),
                            context.retry(),
                            context.deadline(),
                            name(),
                            index.parameters().max())
                    .assemble(out, (bytes, offset, length) -> {
                        check.update(bytes, offset, length);
                        progress.advance(length);
                        try {
                            checkpoints.written(check.count());
                        } catch (IOException e) {
                            throw new DeltaAssembler.WriteFailed(e);
                        }
                    });
        }
        CrashPoints.reached(partial.data(), "synced");
        check.finish();
        progress.finish();
    }

    private void requireDescribes() {
        if (!index.digest().equals(artifact.digest())
                || (artifact.size().isPresent() && artifact.size().getAsLong() != index.size())) {
            throw new DeltaException(name() + ": the chunk index describes a file of " + index.size()
                    + " bytes with SHA-256 " + index.digest().hex() + ", not this release's");
        }
    }

    /**
     * Feeds the check the chunks of the partial file that still have their digests, and returns
     * where the first one that does not (or the end of what is there) starts.
     */
    private long verifiedPrefix(long have, ArtifactCheck check) throws IOException {
        if (have == 0) {
            return 0;
        }
        long from = 0;
        byte[] buffer = new byte[index.parameters().max()];
        try (FileChannel in = FileChannel.open(partial.data(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            for (Chunk chunk : index.chunks()) {
                if (chunk.end() > have || !readMatches(in, chunk, buffer)) {
                    break;
                }
                check.update(buffer, 0, chunk.length());
                from = chunk.end();
            }
        }
        return from;
    }

    private static boolean readMatches(FileChannel in, Chunk chunk, byte[] buffer) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, chunk.length());
        while (target.hasRemaining()) {
            if (in.read(target, chunk.offset() + target.position()) < 0) {
                return false;
            }
        }
        MessageDigest sha256 = Digest.newSha256();
        sha256.update(buffer, 0, chunk.length());
        return Digest.ofFinished(sha256).equals(chunk.digest());
    }

    private String name() {
        return artifact.slotFile().fileName();
    }

    /** Ranges of the artifact through its source. */
    private final class ArtifactRanges implements RangeSource {
        @Override
        public InputStream open(long offset, long length) {
            return context.source().openRange(artifact, offset, length);
        }

        @Override
        public String describe() {
            return context.source().describe();
        }
    }
}
