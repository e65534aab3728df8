package io.kubesolo.update.delta;

import io.kubesolo.update.fs.IoErrors;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.TransientFailure;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;

/**
 * Puts a new file together from a {@link RangePlan}: local chunks are copied from the files that
 * hold them, the rest is fetched range by range; every chunk is checked against its digest before
 * it is appended to the output and passed on to the caller's whole-file check, in file order, one
 * chunk in memory at a time.
 *
 * <p>A local chunk that no longer matches (the file changed since it was scanned) is fetched
 * instead. A response that breaks off is asked for again from the first chunk not yet written,
 * through the {@link Retry}; once retries or the {@link Deadline} run out the output is flushed and
 * kept, and the next run continues after its last whole chunk.
 */
public final class DeltaAssembler {

    /** Receives every byte written, in order: the whole-file check and progress. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    /** What the assembly took: bytes copied from local files, bytes fetched, requests made. */
    public record Result(long reused, long fetched, int requests) {}

    private final RangePlan plan;
    private final LocalChunks local;
    private final RangeSource remote;
    private final Retry retry;
    private final Deadline deadline;
    private final String name;
    private final byte[] buffer;
    private long reused;
    private long fetched;
    private int requests;

    /** @param name the file being assembled, for messages */
    public DeltaAssembler(
            RangePlan plan,
            LocalChunks local,
            RangeSource remote,
            Retry retry,
            Deadline deadline,
            String name,
            int maxChunk) {
        this.plan = plan;
        this.local = local;
        this.remote = remote;
        this.retry = retry;
        this.deadline = deadline;
        this.name = name;
        this.buffer = new byte[maxChunk];
    }

    /** Appends the planned chunks to {@code out} (positioned at the plan's first chunk), flushing at the end. */
    public Result assemble(FileChannel out, Sink sink) throws IOException {
        for (RangePlan.Step step : plan.steps()) {
            if (step.local()) {
                for (Chunk chunk : step.chunks()) {
                    requireTime(out, chunk);
                    if (copyLocal(chunk)) {
                        write(out, chunk, sink);
                        reused += chunk.length();
                    } else {
                        fetch(List.of(chunk), out, sink);
                    }
                }
            } else {
                fetch(step.chunks(), out, sink);
            }
        }
        out.force(true);
        return new Result(reused, fetched, requests);
    }

    /** Reads a local chunk into the buffer; false when its bytes are no longer the ones the index names. */
    private boolean copyLocal(Chunk chunk) throws IOException {
        LocalChunks.Location at = local.find(chunk).orElseThrow();
        try (FileChannel in = FileChannel.open(at.file(), StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(buffer, 0, chunk.length());
            long position = at.offset();
            while (target.hasRemaining()) {
                int read = in.read(target, position);
                if (read < 0) {
                    return false;
                }
                position += read;
            }
        }
        return matches(chunk);
    }

    /** Fetches consecutive chunks, continuing after the last one written when a response breaks off. */
    private void fetch(List<Chunk> chunks, FileChannel out, Sink sink) throws IOException {
        int[] next = {0};
        try {
            retry.run(() -> {
                fetchFrom(chunks, next, out, sink);
                return null;
            });
        } catch (TransientFailure e) {
            out.force(true);
            throw new DeltaException(DeltaException.Reason.INTERRUPTED, e.getMessage());
        }
    }

    private void fetchFrom(List<Chunk> chunks, int[] next, FileChannel out, Sink sink) throws TransientFailure {
        Chunk first = chunks.get(next[0]);
        long length = chunks.get(chunks.size() - 1).end() - first.offset();
        requests++;
        int progressedFrom = next[0];
        try (InputStream in = remote.open(first.offset(), length)) {
            while (next[0] < chunks.size()) {
                Chunk chunk = chunks.get(next[0]);
                requireTime(out, chunk);
                int read = in.readNBytes(buffer, 0, chunk.length());
                fetched += read;
                if (read < chunk.length()) {
                    throw new IOException("the response ended " + (chunk.length() - read) + " bytes short");
                }
                if (!matches(chunk)) {
                    throw new DeltaException(
                            DeltaException.Reason.CHUNK_MISMATCH,
                            name + " from "
                                    + remote.describe() + ": bytes " + chunk.offset() + "-" + (chunk.end() - 1)
                                    + " do not have the SHA-256 the chunk index names");
                }
                write(out, chunk, sink);
                next[0]++;
            }
        } catch (IOException e) {
            Chunk at = chunks.get(Math.min(next[0], chunks.size() - 1));
            if (deadline.passed()) {
                // The transport ends a read that waits when the deadline comes: say so, without retrying.
                try {
                    requireTime(out, at);
                } catch (IOException flush) {
                    throw new WriteFailed(flush);
                }
            }
            String message = "fetching " + name + " from " + remote.describe() + " broke off at byte " + at.offset()
                    + ": " + IoErrors.describe(e);
            throw next[0] > progressedFrom
                    ? TransientFailure.afterProgress(message, e)
                    : TransientFailure.of(message, e);
        }
    }

    private void write(FileChannel out, Chunk chunk, Sink sink) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, chunk.length());
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new WriteFailed(e);
        }
        sink.accept(buffer, 0, chunk.length());
    }

    private boolean matches(Chunk chunk) {
        MessageDigest sha256 = Digest.newSha256();
        sha256.update(buffer, 0, chunk.length());
        return Digest.ofFinished(sha256).equals(chunk.digest());
    }

    private void requireTime(FileChannel out, Chunk chunk) throws IOException {
        if (deadline.passed()) {
            out.force(true);
            throw new DeltaException(
                    DeltaException.Reason.INTERRUPTED,
                    "staging did not finish within " + deadline.describe() + ": " + name + " is assembled up to byte "
                            + chunk.offset());
        }
    }

    /** A write to the output failed (disk full, failing): not a network problem, never retried. */
    public static final class WriteFailed extends UncheckedIOException {
        public WriteFailed(IOException cause) {
            super(IoErrors.describe(cause), cause);
        }
    }
}
