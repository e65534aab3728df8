package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.util.Map;
import java.util.Optional;

/**
 * Pre-flight of spec §8: the local node is not labelled {@code updates.kubesolo.io/block=true}.
 * Skipped with {@code --force}, and when no cluster is reachable (the label cannot be read, and a
 * device whose cluster is down is the one that most needs an update).
 */
public final class NodeBlockGate implements Gate {

    public static final String LABEL = "updates.kubesolo.io/block";

    private final NodeLabels labels;
    private final boolean force;

    public NodeBlockGate(NodeLabels labels, boolean force) {
        this.labels = labels;
        this.force = force;
    }

    @Override
    public String name() {
        return "node block label";
    }

    @Override
    public Decision evaluate(Release release) {
        if (force) {
            return Decision.allow(name(), "skipped (--force)");
        }
        Optional<Map<String, String>> nodeLabels = labels.localNodeLabels();
        if (nodeLabels.isEmpty()) {
            return Decision.allow(name(), "skipped, no cluster reachable");
        }
        String value = nodeLabels.get().get(LABEL);
        if ("true".equals(value)) {
            return Decision.refuse(
                    name(), "the node is labelled " + LABEL + "=true, updates need it absent or not true");
        }
        return Decision.allow(name(), LABEL + "=" + (value == null ? "(unset)" : value));
    }
}
