package io.kubesolo.update.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.fs.DeviceBusyException;
import io.kubesolo.update.fs.DeviceLock;
import io.kubesolo.update.fs.FsException;
import io.kubesolo.update.health.CheckResult;
import io.kubesolo.update.health.HealthChecks;
import io.kubesolo.update.health.HealthReport;
import io.kubesolo.update.health.HealthRunner;
import io.kubesolo.update.health.HealthSettings;
import io.kubesolo.update.lifecycle.BootVerification;
import io.kubesolo.update.lifecycle.BootVerification.Result;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** {@code healthcheck}: post-boot checks; confirms or fails an activation. */
final class HealthcheckCommand implements Callable<Integer> {

    private final DeviceOptions deviceOptions = new DeviceOptions();
    private final JsonOption json = new JsonOption();
    private Integer autoRollbackAfter;
    private String healthcheckUrl;
    private final CommandSpec spec;

    HealthcheckCommand() {
        spec = CodedModel.command(
                this,
                "healthcheck",
                "Run the post-boot health checks (docs/health.md). After an activation: on success"
                        + " confirm the boot to GRUB (state success); on failure record it, and with"
                        + " --auto-rollback-after N point GRUB back at the previous slot after N consecutive"
                        + " failures. Outside an activation it only reports. Never reboots.",
                "When GRUB had already fallen back, the state records the rollback and a healthy boot of"
                        + " the slot it fell back to is confirmed.",
                "Exit status: 0 healthy, 5 unhealthy, 4 when another command holds the lock after an activation.");
        deviceOptions.addTo(spec);
        spec.addOption(CodedModel.option(
                        Integer.class,
                        () -> autoRollbackAfter,
                        value -> autoRollbackAfter = value,
                        "--auto-rollback-after")
                .paramLabel("N")
                .description("Fall back to the previous slot after N consecutive failed checks following an"
                        + " activation (update.conf auto_rollback_after; default 0: let GRUB fall back by itself).")
                .build());
        spec.addOption(CodedModel.option(
                        String.class, () -> healthcheckUrl, value -> healthcheckUrl = value, "--healthcheck-url")
                .paramLabel("URL")
                .description("Also require this URL to answer 200 (update.conf healthcheck_url).")
                .build());
        json.addTo(spec);
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        Device device = Device.open(deviceOptions, spec.commandLine().getErr());
        int rollbackAfter =
                Setting.of(autoRollbackAfter, device.conf(), ConfKey.AUTO_ROLLBACK_AFTER, Integer::valueOf, 0);
        if (rollbackAfter < 0) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--auto-rollback-after must be 0 or more, not " + rollbackAfter);
        }
        HealthSettings settings = HealthSettings.from(
                healthcheckUrl == null ? device.conf() : device.conf().with(ConfKey.HEALTHCHECK_URL, healthcheckUrl));
        Supplier<HealthReport> checks = () -> new HealthRunner(settings.timeout())
                .run(HealthChecks.standard(settings, device.root(), device.clock()));
        BootVerification verification =
                new BootVerification(device.boot(), device.slots(), device.stateStore(), device.clock());
        Result result;
        DeviceLock lock = null;
        try {
            lock = DeviceLock.acquire(device.root(), "healthcheck");
            result = verification.verify(checks, rollbackAfter);
        } catch (DeviceBusyException busy) {
            // Outside an activation the run would only confirm the boot; reporting the checks is still
            // worth it, and the next run confirms. After an activation the verdict must be recorded.
            if (verification.awaitsVerification()) {
                throw busy;
            }
            result = verification.reportOnly(checks, busy.getMessage());
        } catch (FsException unwritable) {
            // The lock lives on the data partition: when it cannot be taken there (remounted
            // read-only), nothing can be recorded either, and the data_partition check says why.
            // Unconfirmed, an activated boot is left to GRUB's fallback, as an unhealthy one should be.
            result = verification.reportOnly(checks, unwritable.getMessage());
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
        if (json.enabled()) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(result)));
        } else {
            Table table = new Table();
            for (CheckResult check : result.report().results()) {
                table.row(check.name(), String.format("%-7s  %s", check.status(), check.detail()));
            }
            table.print(out);
            ReportLines.println(out, result.message());
        }
        out.flush();
        return switch (result.verdict()) {
            case FELL_BACK -> result.report().healthy() ? ExitCodes.SUCCESS : ExitCodes.UNHEALTHY;
            case CHECKED_ONLY, REBOOT_PENDING -> result.report().healthy() ? ExitCodes.SUCCESS : ExitCodes.UNHEALTHY;
            case CONFIRMED -> ExitCodes.SUCCESS;
            default -> ExitCodes.UNHEALTHY;
        };
    }

    private static ObjectNode toJson(Result result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("verdict", result.verdict().name().toLowerCase(Locale.ROOT));
        root.put("healthy", result.report().healthy());
        root.put("message", result.message());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : result.report().results()) {
            checks.addObject()
                    .put("name", check.name())
                    .put("status", check.status().name().toLowerCase(Locale.ROOT))
                    .put("detail", check.detail())
                    .put("took_ms", check.took().toMillis());
        }
        return root;
    }
}
