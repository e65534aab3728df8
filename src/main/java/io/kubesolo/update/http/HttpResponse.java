package io.kubesolo.update.http;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An answer that is not a redirect: status, headers, the URL that gave it, and a body that is
 * streamed, never buffered here. {@link #body} is for small documents and must be read whole
 * within the transport's response deadline; {@link #takeBody} is for large ones, bounded per read.
 */
public final class HttpResponse implements Closeable {

    private final HttpURLConnection connection;
    private final int status;
    private final URI uri;
    private final String action;
    private final ResponseDeadline deadline;
    private InputStream body;
    private boolean taken;

    HttpResponse(HttpURLConnection connection, int status, URI uri, String action, ResponseDeadline deadline) {
        this.connection = connection;
        this.status = status;
        this.uri = uri;
        this.action = action;
        this.deadline = deadline;
    }

    public int status() {
        return status;
    }

    /** Where the answer came from, after redirects. */
    public URI uri() {
        return uri;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(connection.getHeaderField(name));
    }

    /** Declared body length, or empty when the server did not say. */
    public OptionalLong contentLength() {
        long length = connection.getContentLengthLong();
        return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /** The status line's reason phrase with a leading space, or nothing. */
    String reason() {
        try {
            String message = connection.getResponseMessage();
            return message == null || message.isBlank() ? "" : " " + message;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The body of a small document: it fails when it ends before its declared length, and when it
     * is not complete within the response deadline (a server dripping a byte at a time is never
     * idle long enough for the read timeout).
     */
    public InputStream body() throws IOException {
        if (body == null) {
            body = deadline.bound(raw(), action);
        }
        return body;
    }

    /**
     * Hands the body of a large download to the caller, who closes it; closing it ends the
     * exchange. Each read is bounded by the read timeout, the whole by the caller.
     */
    public InputStream takeBody() throws IOException {
        InputStream stream = raw();
        taken = true;
        return new FilterInputStream(stream) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    connection.disconnect();
                }
            }
        };
    }

    private InputStream raw() throws IOException {
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return stream == null
                ? InputStream.nullInputStream()
                : new DeclaredLengthInputStream(stream, contentLength(), action);
    }

    /** Ends the exchange without reading the rest of the body. */
    public void abandon() {
        taken = true;
        connection.disconnect();
    }

    @Override
    public void close() throws IOException {
        if (!taken) {
            // Closing without disconnecting lets the JDK keep the connection alive for the next request.
            body().close();
        }
    }
}
