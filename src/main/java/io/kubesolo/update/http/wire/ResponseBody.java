package io.kubesolo.update.http.wire;

import io.kubesolo.update.Closeables;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one answer, framed as its head says (a length, chunks, or until the server closes),
 * read straight from the connection. Closing it at its end gives the connection back to the pool
 * when the server keeps it alive; closing it before its end closes the connection.
 */
public abstract class ResponseBody extends InputStream {

    final Connection connection;
    private final ConnectionPool pool;
    private final boolean reusable;
    private boolean closed;

    ResponseBody(Connection connection, ConnectionPool pool, boolean reusable) {
        this.connection = connection;
        this.pool = pool;
        this.reusable = reusable;
    }

    /**
     * The body that follows {@code head}, the answer to a {@code method} request.
     *
     * @param what what is being fetched, for the message of a body cut short
     * @throws IOException when the head frames the body in a way that cannot be trusted (a
     *                     {@code Content-Length} that is not one number)
     */
    public static ResponseBody open(
            Connection connection, ResponseHead head, String method, ConnectionPool pool, String what)
            throws IOException {
        boolean keepsAlive = head.keepsAlive();
        if (method.equals("HEAD") || head.status() == 204 || head.status() == 304) {
            return new FixedLengthBody(connection, pool, keepsAlive, 0, what);
        }
        if (head.chunked()) {
            // With both, the length is ignored (RFC 9112 §6.3) and the connection not trusted again.
            return new ChunkedBody(
                    connection,
                    pool,
                    keepsAlive && head.header("Content-Length").isEmpty(),
                    what);
        }
        if (head.header("Content-Length").isPresent()) {
            long length = head.contentLength()
                    .orElseThrow(() -> new IOException("the server declared an invalid Content-Length '"
                            + head.header("Content-Length").orElseThrow() + "'"));
            return new FixedLengthBody(connection, pool, keepsAlive, length, what);
        }
        return new UntilCloseBody(connection, pool);
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int max) throws IOException;

    /** Whether every byte of the body has been read. */
    abstract boolean atEnd();

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int read;
        do {
            read = read(one, 0, 1);
        } while (read == 0);
        return read == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (reusable && atEnd() && !connection.hasUnreadBytes()) {
            pool.release(connection);
        } else {
            connection.close();
        }
    }

    /** Ends the exchange at once, whatever is left of the body: the connection is closed unless the body was empty. */
    public void abandon() {
        try {
            close();
        } catch (IOException e) {
            Closeables.closeQuietly(connection);
        }
    }
}
