package io.kubesolo.update.cli;

import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.metrics.DeviceSnapshot;
import io.kubesolo.update.metrics.PrometheusWriter;
import io.kubesolo.update.slot.SlotName;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code metrics}: Prometheus text exposition, computed from the device at the time it runs. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Print the update metrics in the Prometheus text format (docs/metrics.md).")
final class MetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() {
        Device device = Device.open(deviceOptions, spec.commandLine().getErr());
        DeviceReport report = DeviceReport.read(device, TrustSettings.from(device.conf()).enabled());
        DeviceSnapshot snapshot = new DeviceSnapshot(report.state(),
                report.boot().map(boot -> boot.activeSlot().name()),
                report.boot().map(boot -> OptionalInt.of(boot.bootCounter())).orElse(OptionalInt.empty()),
                report.boot().map(BootState::bootSuccess),
                report.version(SlotName.A), report.version(SlotName.B), report.signatureVerification());
        spec.commandLine().getOut().print(new PrometheusWriter().write(snapshot));
        spec.commandLine().getOut().flush();
        return ExitCodes.SUCCESS;
    }
}
