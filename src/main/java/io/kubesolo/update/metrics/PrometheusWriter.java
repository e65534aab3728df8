package io.kubesolo.update.metrics;

import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import java.time.Instant;
import java.util.Optional;

/**
 * Renders a {@link DeviceSnapshot} in the Prometheus text exposition format (version 0.0.4).
 * Every phase series is always present (1 for the current phase, 0 for the others) so that alerts
 * and dashboards never see a series appear or vanish (SPEC §10).
 */
public final class PrometheusWriter {

    public String write(DeviceSnapshot snapshot) {
        StringBuilder out = new StringBuilder(2048);
        UpdateState state = snapshot.state();

        header(out, "kubesolo_update_phase", "gauge", "Current update lifecycle phase (1 for the current one).");
        for (Phase phase : Phase.values()) {
            sample(out, "kubesolo_update_phase", label("phase", phase.wireName()), phase == state.phase() ? 1 : 0);
        }
        header(out, "kubesolo_update_attempts_total", "counter", "Update attempts towards the current target version.");
        sample(out, "kubesolo_update_attempts_total", "", state.attemptCount());
        header(out, "kubesolo_update_health_check_failures", "gauge",
                "Consecutive failed health checks since the last activation.");
        sample(out, "kubesolo_update_health_check_failures", "", state.healthCheckFailures());
        header(out, "kubesolo_update_last_transition_timestamp_seconds", "gauge",
                "Unix time of the last lifecycle transition (0 if none).");
        sample(out, "kubesolo_update_last_transition_timestamp_seconds", "", epochSeconds(state.updatedAt()));
        header(out, "kubesolo_update_info", "gauge", "Versions of the current update attempt (value always 1).");
        sample(out, "kubesolo_update_info", label("from_version", orEmpty(state.fromVersion())) + ","
                + label("to_version", orEmpty(state.toVersion())), 1);
        header(out, "kubesolo_update_signature_verification_enabled", "gauge",
                "1 when releases must carry a valid signature by a trusted key.");
        sample(out, "kubesolo_update_signature_verification_enabled", "", snapshot.signatureVerification() ? 1 : 0);

        snapshot.activeSlot().ifPresent(active -> {
            header(out, "kubesolo_update_boot_slot", "gauge", "Slot GRUB boots next (1 for the active one).");
            sample(out, "kubesolo_update_boot_slot", label("slot", "A"), "A".equals(active) ? 1 : 0);
            sample(out, "kubesolo_update_boot_slot", label("slot", "B"), "B".equals(active) ? 1 : 0);
        });
        snapshot.bootCounter().ifPresent(counter -> {
            header(out, "kubesolo_update_boot_attempts_remaining", "gauge",
                    "GRUB boot_counter: boot attempts left before GRUB falls back to the other slot.");
            sample(out, "kubesolo_update_boot_attempts_remaining", "", counter);
        });
        snapshot.bootSuccess().ifPresent(success -> {
            header(out, "kubesolo_update_boot_success", "gauge", "1 when the running boot was confirmed healthy.");
            sample(out, "kubesolo_update_boot_success", "", success ? 1 : 0);
        });
        header(out, "kubesolo_update_slot_info", "gauge", "Version held by each system slot (value always 1).");
        sample(out, "kubesolo_update_slot_info", label("slot", "A") + "," + label("version",
                snapshot.versionA().orElse("")), 1);
        sample(out, "kubesolo_update_slot_info", label("slot", "B") + "," + label("version",
                snapshot.versionB().orElse("")), 1);
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    private static String label(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    /** Label values escape backslash, double quote and newline, and nothing else. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static long epochSeconds(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond();
    }

    private static String orEmpty(String value) {
        return Optional.ofNullable(value).orElse("");
    }
}
