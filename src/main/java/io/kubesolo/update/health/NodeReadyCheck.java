package io.kubesolo.update.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The node is Ready: {@code GET /api/v1/nodes/<node>} has condition {@code Ready} with status {@code True}. */
public final class NodeReadyCheck extends ProbingCheck {

    public static final String NAME = "node_ready";

    private final KubernetesApi api;
    private final String node;

    public NodeReadyCheck(KubernetesApi api, String node) {
        super(NAME);
        this.api = api;
        this.node = node;
    }

    @Override
    Verdict probe() throws IOException, InterruptedException {
        JsonNode document = api.getJson("/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8));
        for (JsonNode condition : document.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                String status = condition.path("status").asText();
                if (status.equals("True")) {
                    return Verdict.passed("node " + node + " is Ready");
                }
                return Verdict.failed("node " + node + " is not Ready (Ready=" + status + "): "
                        + condition.path("reason").asText("no reason") + ": "
                        + condition.path("message").asText("no message"));
            }
        }
        return Verdict.failed("node " + node + " reports no Ready condition yet");
    }
}
