package io.kubesolo.update.http;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import java.util.OptionalInt;

/**
 * The update server could not be reached, answered with an error, or served something that is not
 * a valid release: {@code latest.json} malformed or oversized, a body cut short or too long, a
 * redirect loop, a URL with a scheme other than http or https.
 */
public final class HttpSourceException extends UpdateException {

    private final OptionalInt status;

    public HttpSourceException(Outcome outcome, String message) {
        super(outcome, message);
        this.status = OptionalInt.empty();
    }

    /** The server answered with an HTTP status that is neither success nor redirect. */
    public HttpSourceException(int status, String message) {
        super(Outcome.FAILED, message);
        this.status = OptionalInt.of(status);
    }

    public HttpSourceException(String message) {
        this(Outcome.FAILED, message);
    }

    public HttpSourceException(String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
        this.status = OptionalInt.empty();
    }

    /** The HTTP status the server answered with, when that is what went wrong. */
    public OptionalInt status() {
        return status;
    }
}
