package io.kubesolo.update.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.policy.NodeLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local node's labels for the node block gate, read through the same Kubernetes access as
 * the health checks ({@code GET /api/v1/nodes/<node>}). Any failure to reach or read the API
 * counts as "no cluster reachable", which the gate skips: a device whose cluster is down is the
 * one that most needs its update. Why the label could not be read is reported as a warning.
 */
public final class KubernetesNodeLabels implements NodeLabels {

    private final HealthSettings settings;
    private final DeviceRoot root;
    private final Consumer<String> warnings;

    private KubernetesNodeLabels(HealthSettings settings, DeviceRoot root, Consumer<String> warnings) {
        this.settings = settings;
        this.root = root;
        this.warnings = warnings;
    }

    /**
     * The node's labels as update.conf configures Kubernetes access. No access configured, or no
     * kubeconfig yet (KubeSolo writes it when the cluster first starts): no cluster, quietly.
     */
    public static NodeLabels of(HealthSettings settings, DeviceRoot root, Consumer<String> warnings) {
        boolean noKubeconfigYet = settings.apiServer().isEmpty()
                && settings.kubeconfig()
                        .map(path -> !Files.exists(root.resolve(path)))
                        .orElse(true);
        if (!settings.kubernetesConfigured() || noKubeconfigYet) {
            return NodeLabels.noCluster();
        }
        return new KubernetesNodeLabels(settings, root, warnings);
    }

    @Override
    public Optional<Map<String, String>> localNodeLabels() {
        String node = settings.nodeName().orElseGet(() -> HostName.of(root));
        try {
            JsonNode labels = KubernetesApi.configured(settings, root)
                    .getJson("/api/v1/nodes/" + node)
                    .path("metadata")
                    .path("labels");
            Map<String, String> values = new LinkedHashMap<>();
            labels.fields()
                    .forEachRemaining(
                            field -> values.put(field.getKey(), field.getValue().asText()));
            return Optional.of(values);
        } catch (HealthException | IOException e) {
            warnings.accept("cannot read the labels of node " + node + " (" + e.getMessage()
                    + "); treating the cluster as unreachable");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
