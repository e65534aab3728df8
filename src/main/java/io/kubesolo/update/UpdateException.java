package io.kubesolo.update;

/**
 * The one error type the agent reports. Its message is a single line a person can act on: what
 * was being done, to what, and why it did not work. Each package subclasses it to name its own
 * domain; {@link #outcome()} decides the exit status.
 */
public class UpdateException extends RuntimeException {

    private final Outcome outcome;

    public UpdateException(Outcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    public UpdateException(Outcome outcome, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Returns a failure whose message is this one's, prefixed with what the caller was doing. */
    public UpdateException withContext(String context) {
        return new UpdateException(outcome, context + ": " + getMessage(), this);
    }
}
