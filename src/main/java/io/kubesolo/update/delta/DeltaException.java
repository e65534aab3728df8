package io.kubesolo.update.delta;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * A delta update could not go ahead or finish; {@link #reason()} says whether the whole file
 * should be downloaded instead, or the partial file kept for the next run.
 */
public final class DeltaException extends UpdateException {

    public enum Reason {
        /** The chunk index is malformed or does not describe the artifact: download the whole file. */
        BAD_INDEX,
        /** The server answered a bounded {@code Range} request with the whole file (200 instead of 206). */
        RANGES_UNSUPPORTED,
        /** A fetched chunk does not have the digest the index names: download the whole file. */
        CHUNK_MISMATCH,
        /** The device's slots hold none of the chunks still missing: a plain download does the same with one request. */
        NOTHING_TO_REUSE,
        /** The retries or the deadline ran out; what was assembled so far is kept for the next run. */
        INTERRUPTED
    }

    private final Reason reason;

    public DeltaException(String message) {
        this(Reason.BAD_INDEX, message);
    }

    public DeltaException(Reason reason, String message) {
        super(Outcome.FAILED, message);
        this.reason = reason;
    }

    public DeltaException(Reason reason, String message, Throwable cause) {
        super(Outcome.FAILED, message, cause);
        this.reason = reason;
    }

    public DeltaException(String message, Throwable cause) {
        this(Reason.BAD_INDEX, message, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether downloading the whole file instead is the way on. */
    public boolean fullDownloadHelps() {
        return reason != Reason.INTERRUPTED;
    }
}
