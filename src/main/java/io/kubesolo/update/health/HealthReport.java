package io.kubesolo.update.health;

import java.util.List;
import java.util.stream.Collectors;

/** The results of one run of the health checks, in the order they ran. */
public record HealthReport(List<CheckResult> results) {

    public HealthReport {
        results = List.copyOf(results);
    }

    /** True when no check failed; skipped checks do not count against health. */
    public boolean healthy() {
        return results.stream().noneMatch(CheckResult::failed);
    }

    /**
     * One line for a person: {@code "all 4 checks passed (2 skipped)"} when healthy, else each
     * failed check with its detail, {@code "node_ready: node edge-1 is not Ready: ...; ..."}.
     */
    public String summary() {
        List<CheckResult> failures =
                results.stream().filter(CheckResult::failed).toList();
        if (failures.isEmpty()) {
            long skipped = results.stream()
                    .filter(r -> r.status() == CheckResult.Status.SKIPPED)
                    .count();
            long run = results.size() - skipped;
            return "all " + run + " checks passed" + (skipped == 0 ? "" : " (" + skipped + " skipped)");
        }
        return failures.stream().map(r -> r.name() + ": " + r.detail()).collect(Collectors.joining("; "));
    }
}
