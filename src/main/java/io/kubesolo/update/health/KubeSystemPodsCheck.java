package io.kubesolo.update.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every kube-system pod is up and has stayed up: {@code GET /api/v1/namespaces/kube-system/pods},
 * and each pod is {@code Running} with all its containers ready and running for at least
 * {@link #MINIMUM_RUNNING} (since the latest container start, so a container that restarted a
 * moment ago does not count as settled). {@code Succeeded} pods (completed jobs) are fine. An empty
 * kube-system passes: nothing there is unhealthy.
 */
public final class KubeSystemPodsCheck extends ProbingCheck {

    public static final String NAME = "kube_system_pods";

    /** spec §9: a pod that crashes in a loop is Running for a few seconds at a time. */
    public static final Duration MINIMUM_RUNNING = Duration.ofSeconds(30);

    /** How many problems the one-line detail lists before it counts the rest. */
    private static final int LISTED_PROBLEMS = 3;

    private final KubernetesApi api;
    private final Clock clock;

    public KubeSystemPodsCheck(KubernetesApi api, Clock clock) {
        super(NAME);
        this.api = api;
        this.clock = clock;
    }

    @Override
    Verdict probe() throws IOException, InterruptedException {
        JsonNode items = api.getJson("/api/v1/namespaces/kube-system/pods").path("items");
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        int running = 0;
        int succeeded = 0;
        for (JsonNode pod : items) {
            String phase = pod.path("status").path("phase").asText("Unknown");
            if (phase.equals("Succeeded")) {
                succeeded++;
                continue;
            }
            Optional<String> problem = problem(pod, phase, now);
            if (problem.isPresent()) {
                problems.add(problem.get());
            } else {
                running++;
            }
        }
        int total = running + succeeded + problems.size();
        if (problems.isEmpty()) {
            return Verdict.passed(running + " kube-system pods Running for at least " + MINIMUM_RUNNING.toSeconds()
                    + "s" + (succeeded == 0 ? "" : ", " + succeeded + " Succeeded"));
        }
        String listed = String.join(", ", problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size())));
        String more = problems.size() > LISTED_PROBLEMS ? " and " + (problems.size() - LISTED_PROBLEMS) + " more" : "";
        return Verdict.failed(problems.size() + " of " + total + " kube-system pods not settled: " + listed + more);
    }

    /** What is wrong with one pod that has not Succeeded, or empty when it is running and settled. */
    private static Optional<String> problem(JsonNode pod, String phase, Instant now) {
        String name = pod.path("metadata").path("name").asText("(unnamed)");
        JsonNode status = pod.path("status");
        if (!phase.equals("Running")) {
            String reason = status.path("reason").asText(conditionReason(status));
            return Optional.of(name + " is " + phase + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
        Instant since = instant(status.path("startTime")).orElse(null);
        for (JsonNode container : status.path("containerStatuses")) {
            String containerName = container.path("name").asText();
            JsonNode state = container.path("state");
            if (!state.has("running")) {
                return Optional.of(name + " container " + containerName + " is " + notRunning(state));
            }
            if (!container.path("ready").asBoolean(false)) {
                return Optional.of(name + " container " + containerName + " is not ready");
            }
            Optional<Instant> started = instant(state.path("running").path("startedAt"));
            if (started.isPresent() && (since == null || started.get().isAfter(since))) {
                since = started.get();
            }
        }
        if (since == null) {
            return Optional.of(name + " reports no start time");
        }
        Duration up = Duration.between(since, now);
        if (up.compareTo(MINIMUM_RUNNING) < 0) {
            return Optional.of(name + " running only " + Math.max(0, up.toSeconds()) + "s");
        }
        return Optional.empty();
    }

    /** A Pending pod's reason usually sits on its PodScheduled or Ready condition. */
    private static String conditionReason(JsonNode status) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("status").asText().equals("False") && condition.hasNonNull("reason")) {
                return condition.path("reason").asText();
            }
        }
        return "";
    }

    /** {@code waiting: CrashLoopBackOff}, {@code terminated: Error}, as kubectl shows them. */
    private static String notRunning(JsonNode state) {
        if (state.has("waiting")) {
            return "waiting: " + state.path("waiting").path("reason").asText("no reason");
        }
        if (state.has("terminated")) {
            return "terminated: " + state.path("terminated").path("reason").asText("no reason");
        }
        return "not running";
    }

    private static Optional<Instant> instant(JsonNode timestamp) {
        if (!timestamp.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp.asText()));
        } catch (DateTimeParseException e) {
            throw new HealthException(
                    "kube-system pod list has a timestamp that is not RFC 3339: " + timestamp.asText(), e);
        }
    }
}
