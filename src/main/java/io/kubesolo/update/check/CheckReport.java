package io.kubesolo.update.check;

import io.kubesolo.update.Release;
import io.kubesolo.update.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code check} found: the release on the source and every gate's decision, in order.
 *
 * @param source  the source, as it describes itself (says when it is plain HTTP)
 * @param running the version in the active slot, when known
 * @param release the release the source offers
 * @param gates   the pre-flight gates' decisions, then the release gates'
 */
public record CheckReport(String source, Optional<String> running, Release release, List<Decision> gates) {

    public CheckReport {
        gates = List.copyOf(gates);
    }

    /** The first decision that is not an allow (a refusal, or "already up to date"), else an allow. */
    public Decision verdict() {
        return gates.stream()
                .filter(decision -> !decision.allowed())
                .findFirst()
                .orElse(Decision.allow("all gates", "passed"));
    }

    public List<Decision> refusals() {
        List<Decision> refusals = new ArrayList<>();
        gates.stream().filter(Decision::refused).forEach(refusals::add);
        return refusals;
    }
}
