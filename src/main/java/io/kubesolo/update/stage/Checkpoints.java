package io.kubesolo.update.stage;

import io.kubesolo.update.fs.CrashPoints;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Flushes a download's data file to disk ({@code fdatasync}) every {@link #INTERVAL_BYTES} while
 * it is being written, on a thread of its own so that the download does not wait for the disk. A
 * power cut in the middle of a download then loses the bytes written since the last checkpoint
 * that reached the disk — less than two intervals, since a checkpoint waits for the one before it
 * — instead of everything not yet flushed; and the flush at the end finds little left to write.
 *
 * <p>Each completed checkpoint is the crash point {@code <data file>.checkpoint}.
 */
final class Checkpoints implements AutoCloseable {

    /** 32 MiB: a few seconds of a slow link, a fraction of a second of a fast disk's writeback. */
    static final long INTERVAL_BYTES = 32L << 20;

    private final FileChannel channel;
    private final Path data;
    private long next;
    private Thread flushing;
    private volatile IOException failure;

    /** Checkpoints for {@code channel}, which appends to {@code data} from byte {@code position}. */
    Checkpoints(FileChannel channel, Path data, long position) {
        this.channel = channel;
        this.data = data;
        this.next = (position / INTERVAL_BYTES + 1) * INTERVAL_BYTES;
    }

    /**
     * Says the file now holds {@code length} bytes; starts a flush when that passes a checkpoint.
     *
     * @throws IOException when an earlier flush failed
     */
    void written(long length) throws IOException {
        if (length < next) {
            return;
        }
        awaitFlush();
        next = (length / INTERVAL_BYTES + 1) * INTERVAL_BYTES;
        flushing = new Thread(this::flush, "flush " + data.getFileName());
        flushing.setDaemon(true);
        flushing.start();
    }

    private void flush() {
        try {
            channel.force(false);
            CrashPoints.reached(data, "checkpoint");
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Waits for the flush in progress. @throws IOException when it failed */
    @Override
    public void close() throws IOException {
        awaitFlush();
    }

    private void awaitFlush() throws IOException {
        if (flushing != null) {
            try {
                flushing.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while flushing " + data);
            }
            flushing = null;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
