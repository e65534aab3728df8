package io.kubesolo.update.metrics;

import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import java.time.Instant;
import java.util.Optional;

/**
 * Renders a {@link DeviceSnapshot} in the Prometheus text exposition format (version 0.0.4); every
 * series is listed in docs/metrics.md. Enumerations are written out in full (every phase, every
 * check result, 1 for the current one and 0 for the others) so that alerts and dashboards never
 * see a series appear or vanish (spec §10). Only the boot_* series depend on the GRUB environment
 * being readable, which {@code kubesolo_update_boot_env_readable} says.
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
        header(
                out,
                "kubesolo_update_health_check_failures",
                "gauge",
                "Consecutive failed health checks since the last activation.");
        sample(out, "kubesolo_update_health_check_failures", "", state.healthCheckFailures());
        header(
                out,
                "kubesolo_update_last_transition_timestamp_seconds",
                "gauge",
                "Unix time of the last lifecycle transition (0 if none).");
        sample(out, "kubesolo_update_last_transition_timestamp_seconds", "", epochSeconds(state.updatedAt()));
        header(out, "kubesolo_update_info", "gauge", "Versions of the current update attempt (value always 1).");
        sample(
                out,
                "kubesolo_update_info",
                label("from_version", orEmpty(state.fromVersion())) + ","
                        + label("to_version", orEmpty(state.toVersion())),
                1);
        header(
                out,
                "kubesolo_update_signature_verification_enabled",
                "gauge",
                "1 when releases must carry a valid signature by a trusted key.");
        sample(out, "kubesolo_update_signature_verification_enabled", "", snapshot.signatureVerification() ? 1 : 0);

        header(
                out,
                "kubesolo_update_boot_env_readable",
                "gauge",
                "1 when the GRUB environment could be read; when 0 the boot_* series are absent.");
        sample(
                out,
                "kubesolo_update_boot_env_readable",
                "",
                snapshot.activeSlot().isPresent() ? 1 : 0);
        snapshot.activeSlot().ifPresent(active -> {
            header(out, "kubesolo_update_boot_slot", "gauge", "Slot GRUB boots next (1 for the active one).");
            sample(out, "kubesolo_update_boot_slot", label("slot", "A"), "A".equals(active) ? 1 : 0);
            sample(out, "kubesolo_update_boot_slot", label("slot", "B"), "B".equals(active) ? 1 : 0);
        });
        snapshot.bootCounter().ifPresent(counter -> {
            header(
                    out,
                    "kubesolo_update_boot_attempts_left",
                    "gauge",
                    "GRUB boot_counter: unconfirmed boots left before GRUB falls back to the other slot.");
            sample(out, "kubesolo_update_boot_attempts_left", "", counter);
        });
        snapshot.bootSuccess().ifPresent(success -> {
            header(out, "kubesolo_update_boot_success", "gauge", "1 when the running boot was confirmed healthy.");
            sample(out, "kubesolo_update_boot_success", "", success ? 1 : 0);
        });
        header(out, "kubesolo_update_slot_info", "gauge", "Version held by each system slot (value always 1).");
        sample(
                out,
                "kubesolo_update_slot_info",
                label("slot", "A") + "," + label("version", snapshot.versionA().orElse("")),
                1);
        sample(
                out,
                "kubesolo_update_slot_info",
                label("slot", "B") + "," + label("version", snapshot.versionB().orElse("")),
                1);
        header(
                out,
                "kubesolo_update_running_info",
                "gauge",
                "Slot and version the running system booted from (value always 1).");
        sample(
                out,
                "kubesolo_update_running_info",
                label("slot", snapshot.runningSlot().orElse("")) + ","
                        + label("version", snapshot.runningVersion().orElse("")),
                1);
        writeLastRun(out, snapshot.lastRun());
        return out.toString();
    }

    private static void writeLastRun(StringBuilder out, LastRun run) {
        header(
                out,
                "kubesolo_update_last_check_timestamp_seconds",
                "gauge",
                "Unix time the last check finished (0 if none has).");
        sample(out, "kubesolo_update_last_check_timestamp_seconds", "", epochSeconds(run.checkedAt()));
        header(
                out,
                "kubesolo_update_last_check_result",
                "gauge",
                "Result of the last check (1 for its result; all 0 before the first check).");
        for (CheckResult result : CheckResult.values()) {
            sample(
                    out,
                    "kubesolo_update_last_check_result",
                    label("result", result.wireName()),
                    result == run.checkResult() ? 1 : 0);
        }
        header(
                out,
                "kubesolo_update_available_info",
                "gauge",
                "Version the update source offered at the last check, empty if none (value always 1).");
        sample(out, "kubesolo_update_available_info", label("version", orEmpty(run.availableVersion())), 1);
        header(out, "kubesolo_update_downloaded_bytes_total", "counter", "Bytes downloaded by updates on this device.");
        sample(out, "kubesolo_update_downloaded_bytes_total", "", run.bytesDownloaded());
        header(
                out,
                "kubesolo_update_download_duration_seconds",
                "gauge",
                "How long the most recent download took (0 if none).");
        sample(out, "kubesolo_update_download_duration_seconds", "", run.downloadSeconds());
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

    private static void sample(StringBuilder out, String name, String labels, double value) {
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
