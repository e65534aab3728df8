package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import java.util.Objects;

/**
 * What one gate said about a release: let it through, refuse it, or find there is nothing to do
 * because the device already runs it. {@code detail} is one line naming both values the gate
 * compared ("release channel 'beta', this device follows 'stable'").
 */
public record Decision(Verdict verdict, String gate, String detail) {

    public enum Verdict {
        ALLOW, REFUSE, UP_TO_DATE
    }

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(detail, "detail");
    }

    public static Decision allow(String gate, String detail) {
        return new Decision(Verdict.ALLOW, gate, detail);
    }

    public static Decision refuse(String gate, String detail) {
        return new Decision(Verdict.REFUSE, gate, detail);
    }

    public static Decision upToDate(String gate, String detail) {
        return new Decision(Verdict.UP_TO_DATE, gate, detail);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }

    public boolean refused() {
        return verdict == Verdict.REFUSE;
    }

    /** The one line an operator reads: "refused by the channel gate: release channel 'beta', ...". */
    public String message() {
        switch (verdict) {
            case REFUSE: return "refused by the " + gate + " gate: " + detail;
            case UP_TO_DATE: return "already up to date: " + detail;
            default: return gate + ": " + detail;
        }
    }

    /** The refusal as the error the commands exit with. Only for refusals. */
    public PolicyException toException() {
        if (!refused()) {
            throw new IllegalStateException("not a refusal: " + this);
        }
        return new PolicyException(Outcome.REFUSED, message());
    }
}
