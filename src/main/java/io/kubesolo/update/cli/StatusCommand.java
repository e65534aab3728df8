package io.kubesolo.update.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.metrics.LastRun;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.UpdateState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code status}: slots, versions, GRUB variables and the update lifecycle, for people or as JSON. */
final class StatusCommand implements Callable<Integer> {

    private final DeviceOptions deviceOptions = new DeviceOptions();
    private final JsonOption json = new JsonOption();
    private final CommandSpec spec;

    StatusCommand() {
        spec = CodedModel.command(
                this, "status", "Show the slots, their versions, the GRUB boot variables and the update state.");
        deviceOptions.addTo(spec);
        json.addTo(spec);
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Device device = Device.open(deviceOptions, spec.commandLine().getErr());
        DeviceReport report =
                DeviceReport.read(device, TrustSettings.from(device.conf()).enabled());
        LastRun lastRun = device.lastRunStore().read();
        if (json.enabled()) {
            out.println(toJson(device, report, lastRun));
        } else {
            printHuman(out, device, report, lastRun);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private static void printHuman(PrintWriter out, Device device, DeviceReport report, LastRun lastRun) {
        Table table = new Table();
        table.row(
                "Device",
                device.root().isMachine()
                        ? "this machine (" + device.slotDevice().describe() + ")"
                        : "simulated device at " + device.root() + " ("
                                + device.slotDevice().describe() + ")");
        table.row(
                "Boot",
                report.boot()
                        .map(StatusCommand::describeBoot)
                        .orElseGet(() -> "unknown: " + report.bootError().orElse("")));
        for (SlotName slot : SlotName.values()) {
            String role = roles(report, slot);
            String text = report.slots().containsKey(slot)
                    ? describeSlot(report.slots().get(slot))
                    : "unreadable: " + report.slotErrors().get(slot);
            table.row("Slot " + slot + role, text);
        }
        UpdateState state = report.state();
        table.row("Update", describeUpdate(state));
        if (state.startedAt() != null) {
            table.row("Started", state.startedAt().toString());
        }
        if (state.updatedAt() != null) {
            table.row("Updated", state.updatedAt().toString());
        }
        if (state.lastError() != null) {
            table.row("Last error", state.lastError());
        }
        if (lastRun.lastFetched() + lastRun.lastReused() > 0) {
            table.row(
                    "Last download",
                    lastRun.lastFetched() + " bytes fetched, " + lastRun.lastReused() + " bytes reused from the slots");
        }
        if (lastRun.checkResult() != null) {
            table.row(
                    "Last run",
                    lastRun.checkResult().wireName() + " at " + lastRun.checkedAt()
                            + (lastRun.availableVersion() == null ? "" : ", offered " + lastRun.availableVersion())
                            + (lastRun.reason() == null ? "" : ": " + lastRun.reason()));
        }
        table.row(
                "Signatures",
                report.signatureVerification()
                        ? "required (trusted keys configured)"
                        : "not checked: releases are not being authenticated (no pubkey configured)");
        table.print(out);
    }

    /** " (running, boots next)", " (boots next)", …: the running slot is not always the one GRUB boots next. */
    private static String roles(DeviceReport report, SlotName slot) {
        List<String> roles = new ArrayList<>();
        report.booted().filter(booted -> booted.slot() == slot).ifPresent(booted -> roles.add("running"));
        report.boot().filter(boot -> boot.nextBoot() == slot).ifPresent(boot -> roles.add("boots next"));
        return roles.isEmpty() ? "" : " (" + String.join(", ", roles) + ")";
    }

    private static String describeBoot(BootState boot) {
        return "slot " + boot.activeSlot() + ", boot_counter=" + boot.bootCounter() + ", boot_success="
                + (boot.bootSuccess() ? 1 : 0);
    }

    private static String describeSlot(SlotInfo slot) {
        return slot.version().orElse("(no version)") + (slot.complete() ? "" : ", incomplete");
    }

    private static String describeUpdate(UpdateState state) {
        StringBuilder text = new StringBuilder(state.phase().wireName());
        if (state.toVersion() != null) {
            text.append(", ")
                    .append(state.fromVersion() == null ? "?" : state.fromVersion())
                    .append(" -> ")
                    .append(state.toVersion());
        }
        if (state.attemptCount() > 0) {
            text.append(", attempt ").append(state.attemptCount());
        }
        if (state.healthCheckFailures() > 0) {
            text.append(", ").append(state.healthCheckFailures()).append(" failed health checks");
        }
        return text.toString();
    }

    /**
     * The JSON document, indented. Written with jackson-core's generator field by field: databind's
     * ObjectMapper would double what a status costs to start (docs/performance.md).
     */
    private static String toJson(Device device, DeviceReport report, LastRun lastRun) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("root", device.root().toString());
            json.writeBooleanField("simulated", !device.root().isMachine());
            json.writeStringField("slot_backend", device.slotDevice().describe());
            json.writeObjectFieldStart("boot");
            if (report.boot().isPresent()) {
                BootState state = report.boot().get();
                json.writeStringField("active_slot", state.activeSlot().name());
                json.writeNumberField("boot_counter", state.bootCounter());
                json.writeNumberField("boot_success", state.bootSuccess() ? 1 : 0);
                json.writeStringField("next_slot", state.nextBoot().name());
            } else {
                json.writeStringField("error", report.bootError().orElse(""));
            }
            if (report.booted().isPresent()) {
                json.writeStringField(
                        "running_slot", report.booted().get().slot().name());
                json.writeStringField(
                        "running_slot_from", report.booted().get().source().wireName());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("slots");
            for (SlotName name : SlotName.values()) {
                json.writeObjectFieldStart(name.name());
                if (report.boot().isPresent()) {
                    json.writeStringField("role", report.boot().get().activeSlot() == name ? "active" : "passive");
                }
                if (report.booted().isPresent()) {
                    json.writeBooleanField("running", report.booted().get().slot() == name);
                }
                if (report.boot().isPresent()) {
                    json.writeBooleanField("boots_next", report.boot().get().nextBoot() == name);
                }
                SlotInfo info = report.slots().get(name);
                if (info == null) {
                    json.writeStringField("error", report.slotErrors().get(name));
                } else {
                    json.writeStringField("version", info.version().orElse(null));
                    json.writeBooleanField("complete", info.complete());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            UpdateState state = report.state();
            json.writeObjectFieldStart("update");
            json.writeStringField("phase", state.phase().wireName());
            json.writeStringField("from_version", state.fromVersion());
            json.writeStringField("to_version", state.toVersion());
            json.writeStringField("started_at", orNull(state.startedAt()));
            json.writeStringField("updated_at", orNull(state.updatedAt()));
            json.writeStringField("last_error", state.lastError());
            json.writeNumberField("attempt_count", state.attemptCount());
            json.writeNumberField("health_check_failures", state.healthCheckFailures());
            json.writeNumberField("last_bytes_fetched", lastRun.lastFetched());
            json.writeNumberField("last_bytes_reused", lastRun.lastReused());
            json.writeEndObject();
            json.writeObjectFieldStart("last_run");
            json.writeStringField("checked_at", orNull(lastRun.checkedAt()));
            json.writeStringField(
                    "result",
                    lastRun.checkResult() == null ? null : lastRun.checkResult().wireName());
            json.writeStringField("available_version", lastRun.availableVersion());
            json.writeStringField("reason", lastRun.reason());
            json.writeEndObject();
            json.writeObjectFieldStart("trust");
            json.writeBooleanField("signature_verification", report.signatureVerification());
            json.writeEndObject();
            json.writeEndObject();
        }
        return text.toString();
    }

    private static String orNull(Object value) {
        return value == null ? null : value.toString();
    }
}
