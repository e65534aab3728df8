package io.kubesolo.update.http.wire;

import io.kubesolo.update.retry.Deadline;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One HTTP/1.1 connection, used by one exchange at a time: a socket (TLS for https), its input
 * through a buffer that header lines are parsed from and bodies are read through, and its output.
 * Every read is bounded ({@link BoundedSocketInput}); closing it closes the socket.
 */
public final class Connection implements Closeable {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final Route route;
    private final Socket socket;
    private final Duration readTimeout;
    private final BoundedSocketInput input;
    private final OutputStream output;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long received;
    private long idleSince;
    private int exchanges;

    Connection(Route route, Socket socket, Duration readTimeout, Deadline overall) throws IOException {
        this.route = route;
        this.socket = socket;
        this.readTimeout = readTimeout;
        this.input = new BoundedSocketInput(socket, readTimeout, overall);
        this.output = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    public Route route() {
        return route;
    }

    /** Whether an earlier exchange used this connection: the server may have closed it since. */
    public boolean reused() {
        return exchanges > 1;
    }

    /** Bytes received so far, over all exchanges: whether an answer has begun. */
    public long received() {
        return received;
    }

    /**
     * Sends a request: its head, then its body if it has one, flushed. Each write of the body must
     * be taken by the server within the read timeout: a socket timeout bounds reads only, so a
     * server that stops reading a pushed blob would otherwise hold the writer for ever.
     *
     * @throws SocketTimeoutException when the server took no bytes for the read timeout
     */
    public void send(RequestHead head, InputStream body) throws IOException {
        exchanges++;
        output.write(head.encode());
        if (body != null) {
            byte[] chunk = new byte[128 * 1024];
            int read;
            while ((read = body.read(chunk)) != -1) {
                Watchdog.Watch watch = Watchdog.close(socket, readTimeout);
                try {
                    output.write(chunk, 0, read);
                } catch (IOException e) {
                    throw watch.stop() ? notTaken() : e;
                }
                if (watch.stop()) {
                    throw notTaken();
                }
            }
        }
        output.flush();
    }

    private SocketTimeoutException notTaken() {
        return new SocketTimeoutException(
                "the server took no bytes of the request body for " + readTimeout.toMillis() + " ms");
    }

    /** Bounds the reads of the answer now coming (its head, or a small document) by {@code length} in all. */
    public void boundResponse(Duration length) {
        input.boundResponse(length);
    }

    /** Lifts the whole-answer bound: a large body is bounded per read and by the run's deadline. */
    public void unboundResponse() {
        input.unboundResponse();
    }

    /**
     * One line of a head or of chunked framing, without its CRLF (or bare LF), as ISO-8859-1; null
     * when the stream ends before its first byte.
     *
     * @throws IOException when the line is longer than {@code maxBytes} or the stream ends inside it
     */
    String readLine(int maxBytes) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                if (line.isEmpty()) {
                    return null;
                }
                throw new IOException("the server closed the connection in the middle of a line");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == maxBytes) {
                throw new IOException("the server sent a header line longer than " + maxBytes + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Body bytes: what the buffer holds first, then straight from the socket into {@code target}. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position < limit) {
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }
        int n = input.read(target, offset, length);
        if (n > 0) {
            received += n;
        }
        return n;
    }

    private boolean fill() throws IOException {
        int n = input.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        received += n;
        return true;
    }

    /** Marks the connection idle, for the pool: when it was last used. */
    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleSince() {
        return idleSince;
    }

    /** Whether bytes arrived that no request asked for: a connection in that state cannot be reused. */
    boolean hasUnreadBytes() throws IOException {
        return position < limit || input.available() > 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
