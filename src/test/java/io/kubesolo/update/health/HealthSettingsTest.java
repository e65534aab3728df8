package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.config.ConfigException;
import io.kubesolo.update.config.UpdateConf;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class HealthSettingsTest {

    @TempDir
    Path directory;

    @Test
    void withoutUpdateConfEverythingHasItsDefault() {
        HealthSettings settings = HealthSettings.from(UpdateConf.load(directory.resolve("missing.conf")));

        assertThat(settings.healthcheckUrl()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.kubeconfig()).contains("/var/lib/kubesolo/pki/admin/admin.kubeconfig");
        assertThat(settings.apiServer()).isEmpty();
        assertThat(settings.apiTokenFile()).isEmpty();
        assertThat(settings.nodeName()).isEmpty();
        assertThat(settings.containerdSocket()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(settings.enabledChecks()).containsExactlyInAnyOrderElementsOf(HealthChecks.NAMES);
        assertThat(settings.kubernetesConfigured()).isTrue();
    }

    @Test
    void readsEveryKey() throws Exception {
        HealthSettings settings = HealthSettings.from(conf("""
                                                           healthcheck_url=http://127.0.0.1:8080/healthz
                                                           healthcheck_timeout=2500ms
                                                           kubeconfig=/etc/kubesolo/admin.kubeconfig
                                                           api_server=https://127.0.0.1:6443
                                                           api_token_file=/etc/kubesolo/token
                                                           node_name=edge-7
                                                           containerd_socket=/var/lib/kubesolo/containerd/containerd.sock
                                                           health_checks = containerd, data_partition
                                                           """));

        assertThat(settings.healthcheckUrl()).contains(URI.create("http://127.0.0.1:8080/healthz"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.kubeconfig()).contains("/etc/kubesolo/admin.kubeconfig");
        assertThat(settings.apiServer()).contains(URI.create("https://127.0.0.1:6443"));
        assertThat(settings.apiTokenFile()).contains("/etc/kubesolo/token");
        assertThat(settings.nodeName()).contains("edge-7");
        assertThat(settings.containerdSocket()).isEqualTo("/var/lib/kubesolo/containerd/containerd.sock");
        assertThat(settings.enabledChecks()).isEqualTo(Set.of("containerd", "data_partition"));
    }

    @Test
    void kubeconfigNoneTurnsKubernetesOff() throws Exception {
        HealthSettings settings = HealthSettings.from(conf("kubeconfig=none\n"));

        assertThat(settings.kubeconfig()).isEqualTo(Optional.empty());
        assertThat(settings.kubernetesConfigured()).isFalse();
    }

    @Test
    void timeoutsAreSecondsMillisecondsOrMinutes() {
        assertThat(HealthSettings.duration("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(HealthSettings.duration("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(HealthSettings.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(HealthSettings.duration("750ms")).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> HealthSettings.from(conf("healthcheck_timeout=soon\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("update.conf: healthcheck_timeout=soon is not a duration; write e.g. 10s, 500ms or 2m");
        assertThatThrownBy(() -> HealthSettings.from(conf("healthcheck_timeout=0s\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> HealthSettings.from(conf("healthcheck_url=ftp://x/\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("update.conf: healthcheck_url=ftp://x/ is not an http(s) URL");
        assertThatThrownBy(() -> HealthSettings.from(conf("health_checks=containerd,dns\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("update.conf: health_checks names unknown check 'dns'; known: containerd, api_server, "
                        + "node_ready, kube_system_pods, healthcheck_url, data_partition");
    }

    private UpdateConf conf(String text) throws Exception {
        Path file = directory.resolve("update.conf");
        Files.writeString(file, text);
        return UpdateConf.load(file);
    }
}
