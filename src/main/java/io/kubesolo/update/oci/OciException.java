package io.kubesolo.update.oci;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/**
 * Something went wrong talking to a registry or reading an OCI layout. The {@link Reason} says
 * which of the failures an operator tells apart; the message says what, to what, and why. Never
 * carries a password or token.
 */
public final class OciException extends UpdateException {

    /** The failures a person reacts to differently. */
    public enum Reason {
        /** Wrong registry reference, tag or digest syntax given by the user. */
        BAD_REFERENCE(Outcome.USAGE),
        /** Registry cannot be reached (DNS, refused connection, TLS, timeout) or layout unreadable. */
        UNREACHABLE(Outcome.FAILED),
        /** The registry refused our credentials, or wants credentials we do not have. */
        AUTH_REFUSED(Outcome.FAILED),
        /** The tag, manifest or blob does not exist. */
        NOT_FOUND(Outcome.FAILED),
        /** The release has no manifest for this machine's architecture. */
        NO_PLATFORM(Outcome.REFUSED),
        /** Trusted keys are configured and the manifest has no valid signature by one of them. */
        UNSIGNED(Outcome.REFUSED),
        /** Content does not match the digest or size it was announced with. */
        TAMPERED(Outcome.FAILED),
        /** A manifest or index is not a valid document of a kind we read. */
        MALFORMED(Outcome.FAILED),
        /** The registry answered with a status the protocol does not allow here. */
        REGISTRY_ERROR(Outcome.FAILED);

        private final Outcome outcome;

        Reason(Outcome outcome) {
            this.outcome = outcome;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    private final Reason reason;

    public OciException(Reason reason, String message) {
        super(reason.outcome(), message);
        this.reason = reason;
    }

    public OciException(Reason reason, String message, Throwable cause) {
        super(reason.outcome(), message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public OciException withContext(String context) {
        return new OciException(reason, context + ": " + getMessage(), this);
    }
}
