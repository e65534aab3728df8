package io.kubesolo.update.oci;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.Optional;

/** A registry's answer: status, headers and a body that is streamed, never buffered here. */
final class RegistryResponse implements Closeable {

    private final HttpURLConnection connection;
    private final int status;
    private InputStream body;
    private boolean taken;

    RegistryResponse(HttpURLConnection connection, int status) {
        this.connection = connection;
        this.status = status;
    }

    int status() {
        return status;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(connection.getHeaderField(name));
    }

    /** Declared body length, or -1 when the registry did not say. */
    long contentLength() {
        return connection.getContentLengthLong();
    }

    InputStream body() throws IOException {
        if (body == null) {
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            body = stream == null ? InputStream.nullInputStream() : stream;
        }
        return body;
    }

    /** Hands the body to the step's caller, who closes it; closing it ends the exchange. */
    InputStream takeBody() throws IOException {
        InputStream stream = body();
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

    @Override
    public void close() throws IOException {
        if (!taken) {
            // Closing without disconnecting lets the JDK keep the connection alive for the next step.
            body().close();
        }
    }
}
