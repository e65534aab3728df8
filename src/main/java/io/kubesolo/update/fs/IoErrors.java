package io.kubesolo.update.fs;

import java.io.IOException;

/** The text of an I/O failure for a one-line message. */
public final class IoErrors {

    private IoErrors() {}

    /**
     * The exception's message, or its type when it has none: a closed channel, an end of file or a
     * user the system does not know says nothing by itself, and "null" helps nobody.
     */
    public static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
