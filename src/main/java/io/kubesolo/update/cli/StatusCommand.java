package io.kubesolo.update.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.metrics.LastRun;
import io.kubesolo.update.slot.SlotInfo;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.UpdateState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code status}: slots, versions, GRUB variables and the update lifecycle, for people or as JSON. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the slots, their versions, the GRUB boot variables and the update state.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions deviceOptions;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Device device = Device.open(deviceOptions, spec.commandLine().getErr());
        DeviceReport report =
                DeviceReport.read(device, TrustSettings.from(device.conf()).enabled());
        LastRun lastRun = device.lastRunStore().read();
        if (json.enabled()) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(toJson(mapper, device, report, lastRun)));
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

    private static ObjectNode toJson(ObjectMapper mapper, Device device, DeviceReport report, LastRun lastRun) {
        ObjectNode root = mapper.createObjectNode();
        root.put("root", device.root().toString());
        root.put("simulated", !device.root().isMachine());
        root.put("slot_backend", device.slotDevice().describe());
        ObjectNode boot = root.putObject("boot");
        report.boot()
                .ifPresentOrElse(
                        state -> {
                            boot.put("active_slot", state.activeSlot().name());
                            boot.put("boot_counter", state.bootCounter());
                            boot.put("boot_success", state.bootSuccess() ? 1 : 0);
                            boot.put("next_slot", state.nextBoot().name());
                        },
                        () -> boot.put("error", report.bootError().orElse("")));
        report.booted().ifPresent(booted -> {
            boot.put("running_slot", booted.slot().name());
            boot.put("running_slot_from", booted.source().wireName());
        });
        ObjectNode slots = root.putObject("slots");
        for (SlotName name : SlotName.values()) {
            ObjectNode slot = slots.putObject(name.name());
            report.boot().ifPresent(state -> slot.put("role", state.activeSlot() == name ? "active" : "passive"));
            report.booted().ifPresent(booted -> slot.put("running", booted.slot() == name));
            report.boot().ifPresent(state -> slot.put("boots_next", state.nextBoot() == name));
            SlotInfo info = report.slots().get(name);
            if (info == null) {
                slot.put("error", report.slotErrors().get(name));
            } else {
                slot.put("version", info.version().orElse(null));
                slot.put("complete", info.complete());
            }
        }
        UpdateState state = report.state();
        ObjectNode update = root.putObject("update");
        update.put("phase", state.phase().wireName());
        update.put("from_version", state.fromVersion());
        update.put("to_version", state.toVersion());
        update.put(
                "started_at",
                state.startedAt() == null ? null : state.startedAt().toString());
        update.put(
                "updated_at",
                state.updatedAt() == null ? null : state.updatedAt().toString());
        update.put("last_error", state.lastError());
        update.put("attempt_count", state.attemptCount());
        update.put("health_check_failures", state.healthCheckFailures());
        update.put("last_bytes_fetched", lastRun.lastFetched());
        update.put("last_bytes_reused", lastRun.lastReused());
        ObjectNode run = root.putObject("last_run");
        run.put(
                "checked_at",
                lastRun.checkedAt() == null ? null : lastRun.checkedAt().toString());
        run.put(
                "result",
                lastRun.checkResult() == null ? null : lastRun.checkResult().wireName());
        run.put("available_version", lastRun.availableVersion());
        run.put("reason", lastRun.reason());
        root.putObject("trust").put("signature_verification", report.signatureVerification());
        return root;
    }
}
