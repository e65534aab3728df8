package io.kubesolo.update.http.wire;

import java.io.IOException;

/**
 * A body in chunks ({@code Transfer-Encoding: chunked}): each a hexadecimal size line, the bytes
 * and a line end, up to a chunk of size zero and the trailer fields, which are skipped.
 */
final class ChunkedBody extends ResponseBody {

    /** Fifteen hexadecimal digits: a size that fits a long with room to add to it. */
    private static final int MAX_SIZE_DIGITS = 15;

    private final String what;
    private long remainingInChunk;
    private long received;
    private boolean ended;

    ChunkedBody(Connection connection, ConnectionPool pool, boolean reusable, String what) {
        super(connection, pool, reusable);
        this.what = what;
    }

    @Override
    public int read(byte[] buffer, int offset, int max) throws IOException {
        if (ended) {
            return -1;
        }
        if (remainingInChunk == 0) {
            if (received > 0) {
                endOfChunk();
            }
            remainingInChunk = nextChunkSize();
            if (remainingInChunk == 0) {
                skipTrailers();
                ended = true;
                return -1;
            }
        }
        int read = connection.read(buffer, offset, (int) Math.min(max, remainingInChunk));
        if (read == -1) {
            throw truncated();
        }
        remainingInChunk -= read;
        received += read;
        return read;
    }

    private long nextChunkSize() throws IOException {
        String line = connection.readLine(ResponseHead.MAX_LINE_BYTES);
        if (line == null) {
            throw truncated();
        }
        int end = 0;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        String rest = line.substring(end).strip();
        if (end == 0 || end > MAX_SIZE_DIGITS || !(rest.isEmpty() || rest.startsWith(";"))) {
            throw new IOException(
                    what + ": the server sent a malformed chunk size '" + line.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return Long.parseLong(line.substring(0, end), 16);
    }

    private void endOfChunk() throws IOException {
        String line = connection.readLine(ResponseHead.MAX_LINE_BYTES);
        if (line == null) {
            throw truncated();
        }
        if (!line.isEmpty()) {
            throw new IOException(what + ": a chunk of the body is longer than its declared size");
        }
    }

    private void skipTrailers() throws IOException {
        int total = 0;
        String line;
        while ((line = connection.readLine(ResponseHead.MAX_LINE_BYTES)) != null && !line.isEmpty()) {
            total += line.length();
            if (total > ResponseHead.MAX_HEAD_BYTES) {
                throw new IOException(what + ": the server's trailer fields are longer than "
                        + ResponseHead.MAX_HEAD_BYTES + " bytes");
            }
        }
        if (line == null) {
            throw truncated();
        }
    }

    private IOException truncated() {
        return new IOException(what + ": body truncated after " + received + " bytes, in the middle of its chunks");
    }

    @Override
    boolean atEnd() {
        return ended;
    }
}
