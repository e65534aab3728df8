package io.kubesolo.update.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a request sends: a content type, an exact length and a way to open the bytes. Opened
 * once per attempt, so a request can be re-sent after an authentication challenge or redirect.
 */
public record RequestBody(String contentType, long length, Content content) {

    /** Bytes to send, opened as a fresh stream each time they are sent. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}
