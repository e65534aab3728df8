package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.health.CheckResult.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HealthRunnerTest {

    @Test
    void aServerThatNeverAnswersFailsWithinTheRunnersBound() throws Exception {
        // The kernel completes the TCP handshake into the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            KubernetesApi api = KubernetesApi.connect(
                    KubernetesAccess.ofServer(
                            URI.create("http://127.0.0.1:" + silent.getLocalPort()), Optional.empty()),
                    Duration.ofMinutes(5),
                    new ObjectMapper());
            long start = System.nanoTime();

            HealthReport report = new HealthRunner(Duration.ofSeconds(1)).run(List.of(new ApiServerCheck(api)));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(report.results()).singleElement().satisfies(result -> {
                assertThat(result.status()).isEqualTo(Status.FAILED);
                assertThat(result.detail()).isEqualTo("timed out after 1s");
                assertThat(result.took()).isEqualTo(Duration.ofSeconds(1));
            });
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(report.healthy()).isFalse();
        }
    }

    @Test
    void theApiClientsOwnRequestTimeoutAlsoBoundsASilentServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            KubernetesApi api = KubernetesApi.connect(
                    KubernetesAccess.ofServer(
                            URI.create("http://127.0.0.1:" + silent.getLocalPort()), Optional.empty()),
                    Duration.ofMillis(500),
                    new ObjectMapper());

            HealthReport report = new HealthRunner(Duration.ofSeconds(20)).run(List.of(new ApiServerCheck(api)));

            CheckResult result = report.results().get(0);
            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.detail()).contains("HttpTimeoutException");
            assertThat(result.took()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aCheckThatIgnoresInterruptsDelaysNeitherTheNextCheckNorTheReport() {
        CountDownLatch release = new CountDownLatch(1);
        HealthCheck stuck = new FixedCheck("stuck", () -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // Fault injection: a call that does not answer interrupts, like a hung NFS read.
                }
            }
            return CheckResult.Verdict.passed("too late");
        });
        try {
            HealthReport report = new HealthRunner(Duration.ofMillis(300))
                    .run(List.of(stuck, new FixedCheck("after", () -> CheckResult.Verdict.passed("ran"))));

            assertThat(report.results())
                    .extracting(CheckResult::name, CheckResult::status, CheckResult::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("stuck", Status.FAILED, "timed out after 300ms"),
                            org.assertj.core.groups.Tuple.tuple("after", Status.PASSED, "ran"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void resultsKeepTheOrderOfTheChecksAndSkippedOnesDoNotMakeItUnhealthy() {
        HealthReport report = new HealthRunner(Duration.ofSeconds(5))
                .run(List.of(
                        new FixedCheck("first", () -> CheckResult.Verdict.passed("fine")),
                        PresetCheck.skipped("second", "disabled in update.conf"),
                        new FixedCheck("third", () -> CheckResult.Verdict.passed("fine"))));

        assertThat(report.results()).extracting(CheckResult::name).containsExactly("first", "second", "third");
        assertThat(report.healthy()).isTrue();
        assertThat(report.summary()).isEqualTo("all 2 checks passed (1 skipped)");
    }

    @Test
    void theSummaryNamesEachFailedCheck() {
        HealthReport report = new HealthRunner(Duration.ofSeconds(5))
                .run(List.of(
                        new FixedCheck("containerd", () -> CheckResult.Verdict.failed("no socket")),
                        new FixedCheck("node_ready", () -> CheckResult.Verdict.passed("Ready")),
                        PresetCheck.failed("kube_system_pods", "kubeconfig missing")));

        assertThat(report.healthy()).isFalse();
        assertThat(report.summary()).isEqualTo("containerd: no socket; kube_system_pods: kubeconfig missing");
    }

    @Test
    void aBugInACheckIsNotDisguisedAsAnUnhealthyMachine() {
        HealthCheck broken = new FixedCheck("broken", () -> {
            throw new IllegalStateException("bug");
        });

        assertThatThrownBy(() -> new HealthRunner(Duration.ofSeconds(5)).run(List.of(broken)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug");
    }

    /** A check whose work the test supplies. */
    private record FixedCheck(String name, CheckResult.Probe probe) implements HealthCheck {
        @Override
        public CheckResult run() {
            return CheckResult.measure(name, probe);
        }
    }
}
