package io.kubesolo.update.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * A response body that fails, rather than ends quietly, when the connection closes before the
 * length the server declared in {@code Content-Length}.
 */
final class DeclaredLengthInputStream extends FilterInputStream {

    private final OptionalLong declared;
    private final String what;
    private long count;

    DeclaredLengthInputStream(InputStream in, OptionalLong declared, String what) {
        super(in);
        this.declared = declared;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b == -1) {
            checkComplete();
        } else {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read == -1) {
            checkComplete();
        } else {
            count += read;
        }
        return read;
    }

    private void checkComplete() throws IOException {
        if (declared.isPresent() && count < declared.getAsLong()) {
            throw new IOException(
                    what + ": body truncated, " + count + " of " + declared.getAsLong() + " declared bytes received");
        }
    }
}
