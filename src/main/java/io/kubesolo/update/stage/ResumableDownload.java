package io.kubesolo.update.stage;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Closeables;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.fs.IoErrors;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.TransientFailure;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One artifact's download into its {@link PartialFile}, continued from wherever an earlier
 * attempt (in this process or a previous one) stopped.
 *
 * <p>The bytes already there are read back through a fresh {@link ArtifactCheck} (size, SHA-256,
 * signature: streaming, constant memory), then the source is asked for the rest. A body that
 * breaks off (reset, idle-read timeout, cut) keeps what arrived, flushed to disk, and is continued
 * through the {@link Retry}; once the retries are spent the partial file stays for the next
 * {@code apply}. What is wrong with the content itself (too long, a digest or signature that does
 * not match, a source that reports tampering) and a write that fails (disk full) remove the partial
 * file. A digest mismatch after a resumed download is retried once from byte 0, since the file
 * behind the URL may have changed between two requests. While the bytes stream in, the data file
 * is flushed every {@link Checkpoints#INTERVAL_BYTES} in the background, so that a power cut, which
 * no code sees, costs at most that much of the download and not all of it.
 */
final class ResumableDownload {

    private static final int BUFFER_BYTES = 128 * 1024;

    private final DownloadContext context;
    private final Artifact artifact;
    private final PartialFile partial;
    private final TrustedKeys trustedKeys;
    private final String origin;
    private ArtifactCheck check;
    private Progress progress;
    private long furthest;
    private long downloaded;
    private long reused;
    private boolean resumed;

    ResumableDownload(DownloadContext context, Artifact artifact, PartialFile partial, TrustedKeys trustedKeys) {
        this.context = context;
        this.artifact = artifact;
        this.partial = partial;
        this.trustedKeys = trustedKeys;
        this.origin = "from " + context.source().describe();
    }

    /** Bytes received from the source in this run. */
    long downloaded() {
        return downloaded;
    }

    /** Bytes an earlier attempt had downloaded and this one kept. */
    long reused() {
        return reused;
    }

    /**
     * Downloads the rest and verifies the whole; the data file is then complete and flushed, ready
     * for {@link PartialFile#complete}.
     */
    void run() throws IOException {
        long have = partial.usableBytes(artifact);
        if (have == 0) {
            partial.begin(artifact);
        }
        startCheck();
        if (have > 0) {
            rehash(have);
            reused = have;
            resumed = true;
            context.log().accept(name() + ": continuing a partial download at byte " + have + " of " + total());
        }
        furthest = have;
        while (true) {
            transferWithRetries();
            try {
                check.finish();
                progress.finish();
                return;
            } catch (StageException e) {
                partial.discard();
                if (!resumed) {
                    throw e;
                }
                context.log()
                        .accept(name() + ": " + e.getMessage()
                                + " after resuming; downloading it again from the start");
                resumed = false;
                partial.begin(artifact);
                startCheck();
            } catch (UpdateException e) {
                partial.discard();
                throw e;
            }
        }
    }

    private void startCheck() {
        check = new ArtifactCheck(artifact, trustedKeys, origin);
        progress = context.progress().start(name(), artifact.size());
    }

    /** Feeds the bytes already on disk to the check, as if they had just arrived. */
    private void rehash(long have) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(partial.data())) {
            long left = have;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException(partial.data() + " ended at " + (have - left) + " of " + have + " bytes");
                }
                check.update(buffer, 0, read);
                left -= read;
            }
        }
        progress.advance(have);
    }

    private void transferWithRetries() {
        try {
            context.retry().run(() -> {
                transferOnce();
                return null;
            });
        } catch (TransientFailure e) {
            throw new StageException(
                    Outcome.FAILED,
                    e.getMessage() + "; kept " + check.count() + " of " + total() + " bytes in " + partial.data()
                            + ", the next apply continues from there");
        }
    }

    /** One request for the bytes still missing, appended to the data file. */
    private void transferOnce() throws TransientFailure {
        long offset = check.count();
        if (artifact.size().isPresent() && offset == artifact.size().getAsLong()) {
            return;
        }
        UpdateSource.Resumed opened =
                context.source().resume(artifact, offset); // its failures are the source's, retried there
        InputStream in = opened.stream();
        try {
            if (opened.start() != offset) {
                startOver(offset, opened.start());
            } else if (offset > 0) {
                resumed = true;
            }
            if (artifact.size().isEmpty() && opened.length().isPresent()) {
                requireRoomFor(opened.length().getAsLong());
            }
            try (FileChannel out = partial.openForAppend();
                    Checkpoints checkpoints = new Checkpoints(out, partial.data(), check.count())) {
                CrashPoints.reached(partial.data(), "open");
                copy(in, out, checkpoints);
                out.force(true);
            }
            CrashPoints.reached(partial.data(), "synced");
        } catch (IOException e) {
            throw cannotWrite(e);
        } finally {
            Closeables.closeQuietly(in);
        }
    }

    /**
     * The free space gate for an artifact the release gave no size for, once the source names its
     * length: refused before the first byte is written. With no length at all, the download
     * streams and a full disk fails it as any write error does.
     */
    private void requireRoomFor(long length) throws IOException {
        long usable = Files.getFileStore(partial.data()).getUsableSpace();
        if (length > usable) {
            partial.discard();
            throw new StageException(
                    Outcome.REFUSED,
                    "refused by the free space gate: " + name() + " " + origin
                            + " is " + length
                            + " bytes (its Content-Length; the release declares no size), the slot has "
                            + usable + " bytes free");
        }
    }

    /** The source can only send the whole file (it ignored the range, or the file changed). */
    private void startOver(long offset, long start) throws IOException {
        if (start != 0) {
            throw new StageException(
                    Outcome.FAILED,
                    name() + " " + origin + ": asked for the bytes from " + offset + ", the source sent them from "
                            + start);
        }
        context.log()
                .accept(name() + ": the server cannot continue at byte " + offset
                        + "; downloading it again from the start");
        partial.begin(artifact);
        startCheck();
        resumed = false;
    }

    private void copy(InputStream in, FileChannel out, Checkpoints checkpoints) throws IOException, TransientFailure {
        byte[] buffer = new byte[BUFFER_BYTES];
        while (true) {
            if (context.deadline().passed()) {
                out.force(true);
                throw outOfTime();
            }
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                out.force(true);
                // The transport ends a read that waits when the deadline comes: say so, without retrying.
                if (context.deadline().passed()) {
                    throw outOfTime();
                }
                throw broken(e);
            } catch (UpdateException e) {
                partial.discard(); // the source found the content wrong (size or digest of a blob)
                throw e;
            }
            if (read < 0) {
                return;
            }
            try {
                check.update(buffer, 0, read);
            } catch (StageException e) {
                partial.discard();
                throw e;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            downloaded += read;
            checkpoints.written(check.count());
            progress.advance(read);
        }
    }

    private StageException outOfTime() {
        return new StageException(
                Outcome.FAILED,
                "staging did not finish within " + context.deadline().describe()
                        + ": " + name() + " has " + check.count() + " of " + total() + " bytes, kept in "
                        + partial.data() + "; the next apply continues from there");
    }

    private TransientFailure broken(IOException e) {
        String message = "downloading " + name() + " " + origin + " broke off at byte " + check.count() + " of "
                + total() + ": " + IoErrors.describe(e);
        boolean progressed = check.count() > furthest;
        furthest = Math.max(furthest, check.count());
        return progressed ? TransientFailure.afterProgress(message, e) : TransientFailure.of(message, e);
    }

    /** A failed write or flush of the data file: the disk is full or failing; the partial file goes. */
    private StageException cannotWrite(IOException e) {
        Path data = partial.data();
        String removed;
        try {
            partial.discard();
            removed = "removed the partial download";
        } catch (IOException again) {
            removed = "could not remove " + data + " either (" + again.getMessage() + ")";
        }
        return new StageException(
                "cannot write " + name() + " to " + data + ": " + IoErrors.describe(e) + "; " + removed, e);
    }

    private String total() {
        return artifact.size().isPresent() ? Long.toString(artifact.size().getAsLong()) : "?";
    }

    private String name() {
        return artifact.slotFile().fileName();
    }
}
