package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.health.CheckResult.Status;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standard set on a simulated device root: what runs, what is skipped and why. */
@Timeout(30)
class HealthChecksTest {

    private static final List<String> KUBERNETES_CHECKS = List.of("api_server", "node_ready", "kube_system_pods");
    private static final Clock NOON = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path device;

    @Test
    void aHealthyDeviceReachedThroughApiServerAndTokenPassesEveryCheck() throws Exception {
        try (FakeApiServer api = FakeApiServer.http();
                FakeApiServer operator = FakeApiServer.http();
                ServerSocketChannel containerd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            api.answer("/readyz", 200, "ok")
                    .answerResource("/api/v1/nodes/edge-1", "node-ready.json")
                    .answerResource("/api/v1/namespaces/kube-system/pods", "pods-settled.json");
            operator.answer("/healthz", 200, "ok");
            containerd.bind(UnixDomainSocketAddress.of(
                    Files.createDirectories(device.resolve("run/containerd")).resolve("containerd.sock")));
            Files.createDirectories(device.resolve("var/lib/kubesolo"));
            write("etc/hostname", "Edge-1\n");
            write("etc/kubesolo/token", "device-token\n");
            HealthSettings settings = settings("api_server=" + api.url() + "\n"
                    + "api_token_file=/etc/kubesolo/token\n"
                    + "healthcheck_url=" + operator.url().resolve("/healthz") + "\n");

            HealthReport report = run(settings);

            assertThat(report.results())
                    .extracting(CheckResult::name, CheckResult::status)
                    .containsExactly(
                            tuple("containerd", Status.PASSED),
                            tuple("api_server", Status.PASSED),
                            tuple("node_ready", Status.PASSED),
                            tuple("kube_system_pods", Status.PASSED),
                            tuple("healthcheck_url", Status.PASSED),
                            tuple("data_partition", Status.PASSED));
            assertThat(report.healthy()).isTrue();
            assertThat(api.lastAuthorization()).isEqualTo("Bearer device-token");
        }
    }

    @Test
    void checksLeftOutOfHealthChecksAreSkippedAsDisabled() throws Exception {
        Files.createDirectories(device.resolve("var/lib/kubesolo"));

        HealthReport report = run(settings("health_checks=data_partition\n"));

        assertThat(report.results())
                .extracting(CheckResult::name, CheckResult::status, CheckResult::detail)
                .containsExactly(
                        tuple("containerd", Status.SKIPPED, "disabled in update.conf"),
                        tuple("api_server", Status.SKIPPED, "disabled in update.conf"),
                        tuple("node_ready", Status.SKIPPED, "disabled in update.conf"),
                        tuple("kube_system_pods", Status.SKIPPED, "disabled in update.conf"),
                        tuple("healthcheck_url", Status.SKIPPED, "disabled in update.conf"),
                        tuple(
                                "data_partition",
                                Status.PASSED,
                                "wrote, flushed and read back a probe in " + device.resolve("var/lib/kubesolo")));
        assertThat(report.healthy()).isTrue();
    }

    @Test
    void kubeconfigNoneSkipsTheKubernetesChecks() throws Exception {
        HealthReport report = run(settings("kubeconfig=none\nhealth_checks=api_server,node_ready,kube_system_pods\n"));

        CheckResult.Status skipped = Status.SKIPPED;
        String reason = "Kubernetes access not configured (kubeconfig=none in update.conf)";
        assertThat(report.results())
                .filteredOn(r -> KUBERNETES_CHECKS.contains(r.name()))
                .extracting(CheckResult::status, CheckResult::detail)
                .containsExactly(tuple(skipped, reason), tuple(skipped, reason), tuple(skipped, reason));
    }

    @Test
    void aMissingDefaultKubeconfigFailsTheKubernetesChecksAndSaysWhere() throws Exception {
        HealthReport report = run(settings("health_checks=api_server,node_ready,kube_system_pods\nnode_name=edge-1\n"));

        Path kubeconfig = device.resolve("var/lib/kubesolo/pki/admin/admin.kubeconfig");
        assertThat(report.results())
                .filteredOn(r -> r.status() == Status.FAILED)
                .extracting(CheckResult::name, CheckResult::detail)
                .containsExactly(
                        tuple("api_server", "kubeconfig " + kubeconfig + " does not exist"),
                        tuple("node_ready", "kubeconfig " + kubeconfig + " does not exist"),
                        tuple("kube_system_pods", "kubeconfig " + kubeconfig + " does not exist"));
        assertThat(report.healthy()).isFalse();
    }

    @Test
    void withoutHealthcheckUrlThatCheckIsSkipped() throws Exception {
        HealthReport report = run(settings("health_checks=healthcheck_url\n"));

        assertThat(report.results())
                .filteredOn(r -> r.name().equals("healthcheck_url"))
                .extracting(CheckResult::status, CheckResult::detail)
                .containsExactly(tuple(Status.SKIPPED, "no healthcheck_url in update.conf"));
    }

    @Test
    void theContainerdSocketResolvesUnderTheDeviceRoot() throws Exception {
        HealthReport report = run(settings("""
                health_checks=containerd
                containerd_socket=/var/lib/kubesolo/containerd/containerd.sock
                """));

        assertThat(report.results().get(0).detail())
                .isEqualTo("no containerd socket at " + device.resolve("var/lib/kubesolo/containerd/containerd.sock")
                        + " (containerd is not running)");
    }

    private HealthReport run(HealthSettings settings) {
        List<HealthCheck> checks = HealthChecks.standard(settings, DeviceRoot.of(device), NOON);
        return new HealthRunner(Duration.ofSeconds(10)).run(checks);
    }

    private HealthSettings settings(String text) throws Exception {
        return HealthSettings.from(UpdateConf.load(write("etc/kubesolo/update.conf", text)));
    }

    private Path write(String devicePath, String text) throws Exception {
        Path file = device.resolve(devicePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
