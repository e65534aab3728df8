package io.kubesolo.update.http.wire;

import io.kubesolo.update.http.wire.BoundReachedException.Bound;
import io.kubesolo.update.retry.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input where every read waits at most the read timeout, and never past the answer's
 * deadline or the run's: before each read the socket's timeout is set to the tightest of the three.
 * A server that drips a byte at a time is never idle long enough for the read timeout alone, and a
 * read already waiting when the run's deadline comes ends then, not one read timeout later.
 */
final class BoundedSocketInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private final Duration readTimeout;
    private final Deadline overall;
    private long responseEnd;
    private boolean responseBounded;
    private int timeoutSet = -1;

    BoundedSocketInput(Socket socket, Duration readTimeout, Deadline overall) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.readTimeout = readTimeout;
        this.overall = overall;
    }

    /** Bounds the reads from now on by a deadline {@code length} from now, on top of the others. */
    void boundResponse(Duration length) {
        responseEnd = System.nanoTime() + length.toNanos();
        responseBounded = true;
    }

    /** Lifts the answer's deadline: a large body's reads are bounded by the read timeout and the run's deadline. */
    void unboundResponse() {
        responseBounded = false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Duration wait = readTimeout;
        Bound bound = null;
        if (responseBounded) {
            Duration left = Duration.ofNanos(responseEnd - System.nanoTime());
            if (left.compareTo(wait) < 0) {
                wait = left;
                bound = Bound.RESPONSE;
            }
        }
        Duration left = overall.remaining();
        if (left.compareTo(wait) < 0) {
            wait = left;
            bound = Bound.OVERALL;
        }
        if (wait.isNegative() || wait.isZero()) {
            throw new BoundReachedException(bound);
        }
        // A bound's timeout is rounded up, so that when it fires the deadline has passed for its owner too.
        setTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, wait.toMillis() + (bound == null ? 0 : 1))));
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            if (bound == null) {
                throw e;
            }
            throw new BoundReachedException(bound);
        }
    }

    private void setTimeout(int millis) throws IOException {
        if (millis != timeoutSet) {
            socket.setSoTimeout(millis);
            timeoutSet = millis;
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
