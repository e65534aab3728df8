package io.kubesolo.update.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The labels of the local Kubernetes node, as the node block gate reads them. The health checks'
 * Kubernetes client serves this once it exists; until then a device is treated as having no
 * reachable cluster.
 */
public interface NodeLabels {

    /** The local node's labels, or empty when no cluster is reachable (no kubeconfig, API down). */
    Optional<Map<String, String>> localNodeLabels();

    /** A device with no reachable cluster. */
    static NodeLabels noCluster() {
        return Optional::empty;
    }
}
