package io.kubesolo.update;

import java.io.Closeable;
import java.io.IOException;

/** Closing what is done with when a failed close can change nothing. */
public final class Closeables {

    private Closeables() {}

    /**
     * Closes a response, a stream or a socket that is read to the end or being given up: the bytes
     * wanted were read, or the request already failed, so a failed close only frees the connection
     * later and is not worth a second error.
     */
    public static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // see the method's doc: nothing depends on this close succeeding
        }
    }
}
