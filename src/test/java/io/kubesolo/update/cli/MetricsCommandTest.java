package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.metrics.LastRunStore;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ProgramProcess;
import io.kubesolo.update.testing.Promtool;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics} printed, written to a textfile and served over HTTP, on a simulated device. */
@Tag("system")
@Timeout(90)
class MetricsCommandTest {

    private static final Pattern SERVING = Pattern.compile("kubesolo-update: serving metrics on (http://\\S+/metrics)");

    @TempDir
    Path directory;

    private SimulatedDevice device;

    @BeforeEach
    void createDevice() {
        device = SimulatedDevice.create(directory.resolve("device"), "v0.2.0");
    }

    private CommandRun run(String... args) {
        List<String> withRoot = new ArrayList<>(List.of(args));
        withRoot.addAll(List.of("--root", device.rootArg()));
        return CommandRun.of(withRoot.toArray(String[]::new));
    }

    private LastRunStore lastRun() {
        return LastRunStore.nextTo(device.stateFile(), warning -> {
            throw new AssertionError(warning);
        });
    }

    @Test
    void aFreshDeviceReportsItsRunningVersionAndNoCheck() {
        CommandRun metrics = run("metrics");
        assertThat(metrics.exitCode()).as(metrics.toString()).isZero();
        assertThat(metrics.err()).isEmpty();
        assertThat(metrics.out())
                .contains("kubesolo_update_running_info{slot=\"A\",version=\"v0.2.0\"} 1\n")
                .contains("kubesolo_update_boot_env_readable 1\n")
                .contains("kubesolo_update_last_check_timestamp_seconds 0\n")
                .contains("kubesolo_update_signature_verification_enabled 0\n");
        Promtool.assertAccepts(metrics.out());
    }

    @Test
    void theLastCheckAndDownloadsRecordedByTheAgentAreReported() {
        lastRun().recordCheck(Instant.parse("2026-11-27T11:00:00Z"), CheckResult.AVAILABLE, "v0.3.0");
        lastRun().recordDownload(4096, Duration.ofMillis(2500));
        CommandRun metrics = run("metrics");
        assertThat(metrics.out())
                .contains("kubesolo_update_last_check_result{result=\"available\"} 1\n")
                .contains("kubesolo_update_available_info{version=\"v0.3.0\"} 1\n")
                .contains("kubesolo_update_downloaded_bytes_total 4096\n")
                .contains("kubesolo_update_download_duration_seconds 2.5\n");
        Promtool.assertAccepts(metrics.out());
    }

    @Test
    void afterActivationTheOldSlotStillRunsUntilTheReboot() {
        device.stage("B", "v0.2.0", "v0.3.0");
        assertThat(run("activate").exitCode()).isZero();
        String beforeReboot = run("metrics").out();
        assertThat(beforeReboot)
                .contains("kubesolo_update_boot_slot{slot=\"B\"} 1\n")
                .contains("kubesolo_update_running_info{slot=\"A\",version=\"v0.2.0\"} 1\n");
        Promtool.assertAccepts(beforeReboot);

        assertThat(run("simulate", "boot").exitCode()).isZero();
        String afterReboot = run("metrics").out();
        assertThat(afterReboot)
                .contains("kubesolo_update_running_info{slot=\"B\",version=\"v0.3.0\"} 1\n")
                .contains("kubesolo_update_boot_attempts_left 2\n");
        Promtool.assertAccepts(afterReboot);
    }

    @Test
    void damagedGrubEnvironmentAndRecordsStillGiveValidMetrics() throws IOException {
        Files.write(device.grubenv(), new byte[] {'j', 'u', 'n', 'k'});
        Files.writeString(device.stateFile(), "{\"phase\": ");
        Files.writeString(device.stateFile().resolveSibling("last-run.json"), "{\"check_result\": 7");
        CommandRun metrics = run("metrics");
        assertThat(metrics.exitCode()).as(metrics.toString()).isZero();
        assertThat(metrics.out())
                .contains("kubesolo_update_boot_env_readable 0\n")
                .contains("kubesolo_update_phase{phase=\"idle\"} 1\n");
        assertThat(metrics.err()).contains("warning: state file").contains("last-run.json is not valid");
        Promtool.assertAccepts(metrics.out());
    }

    @Test
    void textfileIsWrittenAtomicallyUnderTheRoot() throws IOException {
        Path file = device.root().resolve("var/lib/node_exporter/textfile_collector/kubesolo_update.prom");
        CommandRun first = run("metrics", "--textfile");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(Files.readString(file)).isEqualTo(run("metrics").out());

        device.stage("B", "v0.2.0", "v0.3.0");
        CommandRun second = run("metrics", "--textfile=/var/lib/node_exporter/textfile_collector/kubesolo_update.prom");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(Files.readString(file)).contains("kubesolo_update_phase{phase=\"staged\"} 1\n");
        // Only the finished file is left; node-exporter never sees a temporary one (it reads *.prom only).
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        Promtool.assertAccepts(Files.readString(file));
    }

    @Test
    void textfileDefaultsToUpdateConf() throws IOException {
        device.appendConf("metrics_textfile=/run/metrics/kubesolo.prom");
        CommandRun run = run("metrics", "--textfile");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.root().resolve("run/metrics/kubesolo.prom")).isNotEmptyFile();
    }

    @Test
    void textfileNotEndingInPromIsWrittenWithAWarning() {
        CommandRun run = run("metrics", "--textfile", "/tmp/metrics.txt");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("warning: node-exporter's textfile collector only reads files ending in .prom");
        assertThat(device.root().resolve("tmp/metrics.txt")).isNotEmptyFile();
    }

    @Test
    void listenRefusesNonLoopbackWithoutAllowRemote() {
        CommandRun run = run("metrics", "--listen", "0.0.0.0:0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .startsWith("kubesolo-update: --listen 0.0.0.0:0 is not a loopback address;")
                .contains("--allow-remote");
    }

    @Test
    void listenRefusesWhatIsNotAnAddress() {
        CommandRun notAnAddress = run("metrics", "--listen", "9723");
        assertThat(notAnAddress.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notAnAddress.err()).startsWith("kubesolo-update: --listen: '9723' is not HOST:PORT");

        CommandRun both = run("metrics", "--listen", "--textfile");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).startsWith("kubesolo-update: --listen and --textfile are mutually exclusive");

        device.appendConf("metrics_listen=192.0.2.1:9723");
        CommandRun fromConf = run("metrics", "--listen");
        assertThat(fromConf.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromConf.err()).contains("--listen 192.0.2.1:9723 is not a loopback address");
    }

    @Test
    void servesScrapesComputedFromTheDeviceUntilSigterm() throws Exception {
        device.appendConf("metrics_listen=127.0.0.1:0");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ProgramProcess server = ProgramProcess.start("metrics", "--listen", "--root", device.rootArg())) {
            String line = server.nextErrorLine();
            Matcher serving = SERVING.matcher(String.valueOf(line));
            assertThat(serving.matches()).as(line).isTrue();
            URI uri = URI.create(serving.group(1));
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");

            HttpResponse<String> first =
                    client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("kubesolo_update_phase{phase=\"idle\"} 1\n");
            Promtool.assertAccepts(first.body());

            device.stage("B", "v0.2.0", "v0.3.0");
            HttpResponse<String> second =
                    client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(second.body())
                    .contains("kubesolo_update_phase{phase=\"staged\"} 1\n")
                    .contains("kubesolo_update_slot_info{slot=\"B\",version=\"v0.3.0\"} 1\n");

            // The JVM's status after SIGTERM; the systemd unit lists it in SuccessExitStatus.
            assertThat(server.terminate()).isEqualTo(143);
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
