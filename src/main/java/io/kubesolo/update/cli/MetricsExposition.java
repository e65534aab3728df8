package io.kubesolo.update.cli;

import io.kubesolo.update.metrics.PrometheusWriter;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Computes the metrics exposition of the device the shared flags name, afresh at each call:
 * update.conf, the state, the GRUB environment and the last-run record are read every time. The
 * slot readings of the previous call are reused while nothing can have changed them
 * ({@link DeviceReport#read(Device, boolean, Optional)}). Calls are serialised.
 */
final class MetricsExposition {

    private final DeviceOptions options;
    private final PrintWriter err;
    private final PrometheusWriter writer = new PrometheusWriter();
    private Optional<DeviceReport> previous = Optional.empty();

    MetricsExposition(DeviceOptions options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    synchronized String render() {
        Device device = Device.open(options, err);
        DeviceReport report =
                DeviceReport.read(device, TrustSettings.from(device.conf()).enabled(), previous);
        previous = Optional.of(report);
        return writer.write(report.snapshot(device.lastRunStore().read()));
    }
}
