package io.kubesolo.update.retry;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A failure worth trying again: the connection was refused or reset, a read timed out, the server
 * answered 5xx or 429. Checked, so that every place that can raise one decides whether it retries
 * (through {@link Retry}) or turns it into its package's error.
 */
public final class TransientFailure extends Exception {

    private final Optional<Duration> retryAfter;
    private final boolean progressed;

    private TransientFailure(String message, Throwable cause, Optional<Duration> retryAfter, boolean progressed) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.progressed = progressed;
    }

    public static TransientFailure of(String message, Throwable cause) {
        return new TransientFailure(message, cause, Optional.empty(), false);
    }

    /** The server said how long to wait ({@code Retry-After}); empty when it did not. */
    public static TransientFailure withRetryAfter(String message, Optional<Duration> retryAfter) {
        return new TransientFailure(message, null, retryAfter, false);
    }

    /** The attempt got further than any before it (a download that broke off later than last time). */
    public static TransientFailure afterProgress(String message, Throwable cause) {
        return new TransientFailure(message, cause, Optional.empty(), true);
    }

    /**
     * Whether an I/O failure of a request may go away by itself: a refused or reset connection, a
     * timeout, a name that does not resolve while the network is down do; a TLS failure (an
     * untrusted certificate, a server that does not speak TLS) does not.
     */
    public static boolean mayPass(IOException e) {
        return !(e instanceof SSLException);
    }

    /** Whether this failure, or the one it gave up on, was an I/O failure (as opposed to an answer). */
    public boolean causedByIo() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public boolean progressed() {
        return progressed;
    }

    /** The same failure, its message saying that no more attempts will be made. */
    TransientFailure gaveUp(String why) {
        return new TransientFailure(getMessage() + " (" + why + ")", this, retryAfter, progressed);
    }
}
