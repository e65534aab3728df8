package io.kubesolo.update.http.wire;

import java.io.IOException;

/** A body with neither length nor chunks: it ends when the server closes the connection. */
final class UntilCloseBody extends ResponseBody {

    private boolean ended;

    UntilCloseBody(Connection connection, ConnectionPool pool) {
        super(connection, pool, false);
    }

    @Override
    public int read(byte[] buffer, int offset, int max) throws IOException {
        if (ended) {
            return -1;
        }
        int read = connection.read(buffer, offset, max);
        ended = read == -1;
        return read;
    }

    @Override
    boolean atEnd() {
        return ended;
    }
}
