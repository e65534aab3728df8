package io.kubesolo.update.health;

import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The Kubernetes API server answers: {@code GET /readyz} returns 200. {@code /readyz} (rather than
 * {@code /healthz}) only passes once the server's storage and post-start hooks are ready.
 */
public final class ApiServerCheck extends ProbingCheck {

    public static final String NAME = "api_server";

    private final KubernetesApi api;

    public ApiServerCheck(KubernetesApi api) {
        super(NAME);
        this.api = api;
    }

    @Override
    Verdict probe() throws IOException, InterruptedException {
        KubernetesApi.Response response = api.get("/readyz");
        if (response.status() == 200) {
            return Verdict.passed("API server " + api.server() + " is ready");
        }
        return Verdict.failed("API server " + api.server() + " /readyz answered " + response.status() + ": "
                + failedChecks(response.body()));
    }

    /** /readyz lists each of its checks as {@code [+]name ok} or {@code [-]name failed: ...}. */
    private static String failedChecks(String body) {
        String failed = body.lines().filter(line -> line.startsWith("[-]")).collect(Collectors.joining(", "));
        return failed.isEmpty() ? KubernetesApi.firstLine(body) : failed;
    }
}
