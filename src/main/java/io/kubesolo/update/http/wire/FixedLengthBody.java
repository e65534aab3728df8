package io.kubesolo.update.http.wire;

import java.io.IOException;

/** A body of a declared length: it ends there, and fails if the connection ends first. */
final class FixedLengthBody extends ResponseBody {

    private final long length;
    private final String what;
    private long remaining;

    FixedLengthBody(Connection connection, ConnectionPool pool, boolean reusable, long length, String what) {
        super(connection, pool, reusable);
        this.length = length;
        this.remaining = length;
        this.what = what;
    }

    @Override
    public int read(byte[] buffer, int offset, int max) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int read = connection.read(buffer, offset, (int) Math.min(max, remaining));
        if (read == -1) {
            throw new IOException(
                    what + ": body truncated, " + (length - remaining) + " of " + length + " declared bytes received");
        }
        remaining -= read;
        return read;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    boolean atEnd() {
        return remaining == 0;
    }
}
