package io.kubesolo.update.http;

import io.kubesolo.update.http.wire.BoundReachedException;
import io.kubesolo.update.http.wire.Connection;
import io.kubesolo.update.http.wire.ResponseBody;
import io.kubesolo.update.http.wire.ResponseHead;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An answer that is not a redirect: status, headers, the URL that gave it, and a body that is
 * streamed, never buffered here. {@link #body} is for small documents and must be read whole
 * within the transport's response deadline; {@link #takeBody} is for large ones, bounded per read
 * and by the run's deadline.
 */
public final class HttpResponse implements Closeable {

    private final Connection connection;
    private final ResponseHead head;
    private final ResponseBody raw;
    private final URI uri;
    private final String action;
    private final Duration deadline;
    private InputStream body;
    private boolean taken;

    HttpResponse(
            Connection connection, ResponseHead head, ResponseBody raw, URI uri, String action, Duration deadline) {
        this.connection = connection;
        this.head = head;
        this.raw = raw;
        this.uri = uri;
        this.action = action;
        this.deadline = deadline;
    }

    public int status() {
        return head.status();
    }

    /** Where the answer came from, after redirects. */
    public URI uri() {
        return uri;
    }

    /** The last value of header {@code name}, case-insensitive. */
    public Optional<String> header(String name) {
        return head.header(name);
    }

    /** Declared body length, or empty when the server did not say. */
    public OptionalLong contentLength() {
        return head.contentLength();
    }

    /** The status line's reason phrase with a leading space, or nothing. */
    String reason() {
        return head.reason().isBlank() ? "" : " " + head.reason();
    }

    /**
     * The body of a small document: it fails when it ends before its declared length, and when it
     * is not complete within the response deadline (a server dripping a byte at a time is never
     * idle long enough for the read timeout).
     */
    public InputStream body() throws IOException {
        if (body == null) {
            connection.boundResponse(deadline);
            body = new FilterInputStream(raw) {
                private long count;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int read = read(one, 0, 1);
                    return read == -1 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int max) throws IOException {
                    try {
                        int read = super.read(buffer, offset, max);
                        count += Math.max(0, read);
                        return read;
                    } catch (BoundReachedException e) {
                        if (e.bound() == BoundReachedException.Bound.OVERALL) {
                            throw e;
                        }
                        throw new HttpSourceException(action + ": the server sent " + count + " bytes in "
                                + HttpTransport.describe(deadline)
                                + " and is still sending; giving up on a document this small");
                    }
                }
            };
        }
        return body;
    }

    /**
     * Hands the body of a large download to the caller, who closes it; closing it at its end lets
     * the connection serve the next request. Each read is bounded by the read timeout and the
     * run's deadline.
     */
    public InputStream takeBody() throws IOException {
        taken = true;
        connection.unboundResponse();
        return raw;
    }

    /** Ends the exchange without reading the rest of the body. */
    public void abandon() {
        taken = true;
        raw.abandon();
    }

    @Override
    public void close() throws IOException {
        if (!taken) {
            body().close();
        }
    }
}
