package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.health.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class KubernetesChecksTest {

    private static final String PODS = "/api/v1/namespaces/kube-system/pods";
    private static final Clock NOON = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private FakeApiServer server;
    private KubernetesApi api;

    @BeforeEach
    void start() throws Exception {
        server = FakeApiServer.http();
        Path token = directory.resolve("token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.service-account\n");
        api = KubernetesApi.connect(
                KubernetesAccess.ofServer(server.url(), Optional.of(token)), Duration.ofSeconds(5), new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void apiServerPassesWhenReadyzAnswers200AndSendsTheBearerToken() {
        server.answer("/readyz", 200, "ok");

        CheckResult result = new ApiServerCheck(api).run();

        assertThat(result.status()).isEqualTo(Status.PASSED);
        assertThat(server.lastAuthorization()).isEqualTo("Bearer eyJhbGciOiJSUzI1NiJ9.service-account");
    }

    @Test
    void apiServerFailsWithTheFailedReadinessChecks() {
        server.answer("/readyz", 500, """
                [+]ping ok
                [+]log ok
                [-]etcd failed: reason withheld
                [+]poststarthook/start-apiextensions-informers ok
                readyz check failed
                """);

        CheckResult result = new ApiServerCheck(api).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail())
                .contains("answered 500")
                .contains("[-]etcd failed: reason withheld")
                .doesNotContain("ping");
    }

    @Test
    void apiServerFailsWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        KubernetesApi closed = KubernetesApi.connect(
                KubernetesAccess.ofServer(java.net.URI.create("http://127.0.0.1:" + port), Optional.empty()),
                Duration.ofSeconds(5),
                new ObjectMapper());

        CheckResult result = new ApiServerCheck(closed).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).startsWith("GET http://127.0.0.1:" + port + "/readyz failed: ConnectException");
    }

    @Test
    void nodeReadyPassesOnAReadyNode() {
        server.answerResource("/api/v1/nodes/edge-1", "node-ready.json");

        CheckResult result = new NodeReadyCheck(api, "edge-1").run();

        assertThat(result.status()).isEqualTo(Status.PASSED);
        assertThat(result.detail()).isEqualTo("node edge-1 is Ready");
    }

    @Test
    void nodeReadyFailsOnANotReadyNodeWithItsReason() {
        server.answerResource("/api/v1/nodes/edge-1", "node-not-ready.json");

        CheckResult result = new NodeReadyCheck(api, "edge-1").run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail())
                .startsWith("node edge-1 is not Ready (Ready=False): KubeletNotReady: ")
                .contains("cni plugin not initialized");
    }

    @Test
    void nodeReadyFailsWithTheApiServersMessageForAnUnknownNode() {
        server.answer(
                "/api/v1/nodes/edge-2",
                404,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                        + "\"status\":\"Failure\",\"message\":\"nodes \\\"edge-2\\\" not found\",\"reason\":\"NotFound\","
                        + "\"details\":{\"name\":\"edge-2\",\"kind\":\"nodes\"},\"code\":404}");

        CheckResult result = new NodeReadyCheck(api, "edge-2").run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).isEqualTo("GET /api/v1/nodes/edge-2 answered 404: nodes \"edge-2\" not found");
    }

    @Test
    void podsPassWhenAllRunLongEnoughAndCompletedJobsAreFine() {
        server.answerResource(PODS, "pods-settled.json");

        CheckResult result = new KubeSystemPodsCheck(api, NOON).run();

        assertThat(result.status()).isEqualTo(Status.PASSED);
        assertThat(result.detail()).isEqualTo("2 kube-system pods Running for at least 30s, 1 Succeeded");
    }

    @Test
    void podsFailWhileAContainerHasRunForLessThan30Seconds() {
        server.answerResource(PODS, "pods-young.json");

        CheckResult result = new KubeSystemPodsCheck(api, NOON).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail())
                .isEqualTo("1 of 3 kube-system pods not settled: coredns-7b9c6d8f5-x2lqp running only 15s");
    }

    @Test
    void podsPassOnceThe30SecondsHavePassed() {
        server.answerResource(PODS, "pods-young.json");
        Clock later = Clock.fixed(Instant.parse("2025-06-01T12:00:15Z"), ZoneOffset.UTC);

        assertThat(new KubeSystemPodsCheck(api, later).run().status()).isEqualTo(Status.PASSED);
    }

    @Test
    void podsFailOnCrashLoopBackOff() {
        server.answerResource(PODS, "pods-crashloop.json");

        CheckResult result = new KubeSystemPodsCheck(api, NOON).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).contains("coredns-7b9c6d8f5-x2lqp container coredns is waiting: CrashLoopBackOff");
    }

    @Test
    void podsFailOnAPendingPodWithItsReason() {
        server.answerResource(PODS, "pods-pending.json");

        CheckResult result = new KubeSystemPodsCheck(api, NOON).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).contains("local-path-provisioner-5d56847996-9kq7t is Pending (Unschedulable)");
    }

    @Test
    void podsFailWhenTheAnswerIsNotJson() {
        server.answer(PODS, 200, "<html>proxy error</html>");

        CheckResult result = new KubeSystemPodsCheck(api, NOON).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).startsWith("GET " + PODS + " answered something that is not JSON");
    }
}
