package io.kubesolo.update.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The labels of the local Kubernetes node, as the node block gate reads them
 * ({@code health.KubernetesNodeLabels} reads them through the health checks' API access).
 */
public interface NodeLabels {

    /** The local node's labels, or empty when no cluster is reachable (no kubeconfig, API down). */
    Optional<Map<String, String>> localNodeLabels();

    /** A device with no reachable cluster. */
    static NodeLabels noCluster() {
        return Optional::empty;
    }
}
