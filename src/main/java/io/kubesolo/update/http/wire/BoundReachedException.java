package io.kubesolo.update.http.wire;

import java.net.SocketTimeoutException;

/**
 * A read ended because a bound on more than the one read ran out: the whole answer's deadline or
 * the run's. A plain {@link SocketTimeoutException} is the read timeout, a server idle too long.
 */
public final class BoundReachedException extends SocketTimeoutException {

    /** Which bound ran out. */
    public enum Bound {
        /** The deadline on a whole answer: its headers, or a small document's body. */
        RESPONSE,
        /** The run's deadline ({@code --download-timeout}). */
        OVERALL
    }

    private final Bound bound;

    BoundReachedException(Bound bound) {
        super(bound == Bound.RESPONSE ? "the answer took too long" : "the download time limit ran out");
        this.bound = bound;
    }

    public Bound bound() {
        return bound;
    }
}
