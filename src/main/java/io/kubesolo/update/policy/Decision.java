package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import java.util.Objects;

/**
 * What one gate said about a release: let it through, refuse it, find there is nothing to do
 * because the device already runs it, or hold it back because the release's phased rollout has not
 * reached this machine yet. {@code detail} is one line naming both values the gate compared
 * ("release channel 'beta', this device follows 'stable'"). Neither "up to date" nor "held back" is
 * an error: nothing is written and the commands exit 0.
 */
public record Decision(Verdict verdict, String gate, String detail) {

    public enum Verdict {
        ALLOW,
        REFUSE,
        UP_TO_DATE,
        HELD_BACK
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

    public static Decision heldBack(String gate, String detail) {
        return new Decision(Verdict.HELD_BACK, gate, detail);
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }

    public boolean refused() {
        return verdict == Verdict.REFUSE;
    }

    /** The one line an operator reads: "refused by the channel gate: release channel 'beta', ...". */
    public String message() {
        return switch (verdict) {
            case REFUSE -> "refused by the " + gate + " gate: " + detail;
            case UP_TO_DATE -> "already up to date: " + detail;
            case HELD_BACK -> "not yet: held back by the " + gate + " gate: " + detail;
            case ALLOW -> gate + ": " + detail;
        };
    }

    /** The refusal as the error the commands exit with. Only for refusals. */
    public PolicyException toException() {
        if (!refused()) {
            throw new IllegalStateException("not a refusal: " + this);
        }
        return new PolicyException(Outcome.REFUSED, message());
    }
}
