package io.kubesolo.update.cli;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.metrics.ListenAddress;
import io.kubesolo.update.metrics.MetricsException;
import io.kubesolo.update.metrics.MetricsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code metrics}: the Prometheus text exposition, computed from the device when it is asked for.
 * Printed once (default), written atomically to a node-exporter textfile ({@code --textfile}), or
 * served over HTTP until the process is stopped ({@code --listen}).
 */
final class MetricsCommand implements Callable<Integer> {

    static final String DEFAULT_TEXTFILE = "/var/lib/node_exporter/textfile_collector/kubesolo_update.prom";

    private final DeviceOptions deviceOptions = new DeviceOptions();
    private String listen;
    private Boolean allowRemote;
    private String textfile;
    private final CommandSpec spec;

    MetricsCommand() {
        spec = CodedModel.command(
                this,
                "metrics",
                "Print the update metrics in the Prometheus text format (docs/metrics.md); or write them"
                        + " to a node-exporter textfile (--textfile); or serve them at http://HOST:PORT/metrics"
                        + " until stopped (--listen).",
                "Without a value, --listen and --textfile take update.conf metrics_listen and metrics_textfile,"
                        + " else " + ListenAddress.DEFAULT + " and " + DEFAULT_TEXTFILE + ".");
        deviceOptions.addTo(spec);
        spec.addOption(CodedModel.option(String.class, () -> listen, value -> listen = value, "--listen")
                .arity("0..1")
                .paramLabel("HOST:PORT")
                .fallbackValue("")
                .description("Serve GET /metrics on HOST:PORT until SIGTERM. Loopback addresses only unless"
                        + " --allow-remote.")
                .build());
        spec.addOption(
                CodedModel.option(Boolean.class, () -> allowRemote, value -> allowRemote = value, "--allow-remote")
                        .description("Allow --listen on an address other than loopback: metrics are served without"
                                + " authentication or TLS (update.conf metrics_allow_remote).")
                        .build());
        spec.addOption(CodedModel.option(String.class, () -> textfile, value -> textfile = value, "--textfile")
                .arity("0..1")
                .paramLabel("PATH")
                .fallbackValue("")
                .description("Write the metrics to PATH atomically, for node-exporter's textfile collector"
                        + " (resolved under --root).")
                .build());
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (listen != null && textfile != null) {
            throw new ParameterException(spec.commandLine(), "--listen and --textfile are mutually exclusive");
        }
        PrintWriter err = spec.commandLine().getErr();
        MetricsExposition exposition = new MetricsExposition(deviceOptions, err);
        if (listen != null) {
            serve(exposition, err);
        } else if (textfile != null) {
            writeTextfile(exposition, err);
        } else {
            spec.commandLine().getOut().print(exposition.render());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.SUCCESS;
    }

    private void writeTextfile(MetricsExposition exposition, PrintWriter err) {
        UpdateConf conf = deviceOptions.loadConf();
        String devicePath = Setting.of(textfile, conf, ConfKey.METRICS_TEXTFILE, DEFAULT_TEXTFILE);
        Path file = deviceOptions.deviceRoot().resolve(devicePath);
        if (!file.getFileName().toString().endsWith(".prom")) {
            Log.warn(err, "node-exporter's textfile collector only reads files ending in .prom, not " + file);
        }
        String text = exposition.render();
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MetricsException("cannot write metrics to " + file + ": " + e.getMessage(), e);
        }
    }

    private void serve(MetricsExposition exposition, PrintWriter err) throws InterruptedException {
        UpdateConf conf = deviceOptions.loadConf();
        String text = Setting.of(listen, conf, ConfKey.METRICS_LISTEN, ListenAddress.DEFAULT);
        ListenAddress address;
        try {
            address = ListenAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
        }
        InetSocketAddress socket = address.resolve();
        boolean remoteAllowed =
                Setting.of(allowRemote, conf, ConfKey.METRICS_ALLOW_REMOTE, Setting::parseBoolean, false);
        if (!socket.getAddress().isLoopbackAddress() && !remoteAllowed) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--listen " + address + " is not a loopback address;"
                            + " metrics are served without authentication, so add --allow-remote (update.conf"
                            + " metrics_allow_remote=true) to expose them beyond this machine");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        MetricsServer server = MetricsServer.start(socket, exposition::render, reason -> Log.warn(err, reason));
        // SIGTERM runs the shutdown hooks: stop accepting, let a scrape in progress finish.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "metrics-server-stop"));
        InetSocketAddress bound = server.address();
        Log.info(
                err,
                "serving metrics on http://" + new ListenAddress(bound.getHostString(), bound.getPort())
                        + MetricsServer.PATH);
        stopped.await();
    }
}
