package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.CuttingProxy;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.LatestJsonFields;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} from an HTTP server when the link breaks: a proxy cuts or stalls the connection at
 * a chosen byte, in front of a server that honours {@code Range} (in-process, {@link FaultServer})
 * or one that does not (python's {@code http.server}); the server answers 416, 503 with
 * {@code Retry-After}, or changes the file between two requests. Every case checks what was
 * asked for ({@code Range} headers), what went over the wire, and that the active slot and grubenv
 * are untouched.
 */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Status lines and headers of one response, with room to spare. */
    private static final long HEADERS = 1024;

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private FaultServer server;
    private CuttingProxy proxy;
    private Map<String, String> protectedBefore;
    private final byte[] kernel = bytes(300_000, 7);
    private final byte[] initramfs = bytes(700_000, 11);
    private byte[] latest;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
        server = new FaultServer();
        latest = JSON.writeValueAsBytes(release());
        server.serve("/latest.json", latest)
                .on("/vmlinuz", FaultServer.ranged(kernel))
                .on("/kubesolo-os.gz", FaultServer.ranged(initramfs));
        proxy = CuttingProxy.to(URI.create(server.url()).getPort());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void aCutMidDownloadIsContinuedWithARangeRequestInTheSameApply() throws Exception {
        long cut = (long) latest.length + kernel.length + initramfs.length / 2;
        proxy.cutAt(cut);

        CommandRun run = apply();

        assertStaged(run);
        List<String> ranges = server.ranges("/kubesolo-os.gz");
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0)).isEqualTo("-");
        assertThat(offsetOf(ranges.get(1))).isBetween(initramfs.length / 2 - 4 * HEADERS, (long) initramfs.length / 2);
        assertThat(run.err())
                .containsPattern("retry 2/5 in 0\\.0 s: downloading kubesolo-os.gz from .* broke off at byte "
                        + offsetOf(ranges.get(1)) + " of " + initramfs.length);
        assertThat(downloadedAgain()).isLessThan(4 * HEADERS);
    }

    @Test
    void anApplyThatGaveUpLeavesThePartialFileAndTheNextOneContinuesIt() throws Exception {
        proxy.cutAt(latest.length + kernel.length + initramfs.length / 2);

        CommandRun first = apply("--retries", "0");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        Path partial = device.slot("B").resolve(".kubesolo-os.gz.tmp");
        long kept = Files.size(partial);
        assertThat(kept).isPositive();
        JsonNode sidecar = JSON.readTree(
                device.slot("B").resolve(".kubesolo-os.gz.partial.json").toFile());
        assertThat(sidecar.get("sha256").asText())
                .isEqualTo(Digest.of(initramfs).hex());
        assertThat(sidecar.get("size").asLong()).isEqualTo(initramfs.length);
        assertThat(JSON.readTree(device.stateJson()).get("last_error").asText())
                .contains("broke off at byte " + kept)
                .contains("the next apply continues from there");
        device.assertPassiveNotComplete();

        CommandRun second = apply();

        assertStaged(second);
        assertThat(second.out()).contains("continued from " + kept + " bytes of an earlier attempt");
        assertThat(server.ranges("/kubesolo-os.gz")).containsExactly("-", "bytes=" + kept + "-");
        assertThat(server.gets("/vmlinuz")).as("the finished kernel is kept").isEqualTo(1);
        assertThat(downloadedAgain()).isLessThan(4 * HEADERS);
    }

    @Test
    void aServerThatIgnoresRangeMakesTheFileStartOverWithoutCorruptingIt() throws Exception {
        Path site = Files.createDirectories(temp.resolve("site"));
        Files.write(site.resolve("latest.json"), latest);
        Files.write(site.resolve("vmlinuz"), kernel);
        Files.write(site.resolve("kubesolo-os.gz"), initramfs);
        try (PythonHttpServer python = PythonHttpServer.serve(site);
                CuttingProxy toPython = CuttingProxy.to(URI.create(python.url()).getPort())) {
            toPython.cutAt(latest.length + kernel.length + initramfs.length / 2);

            CommandRun run = apply(toPython);

            assertStaged(run);
            assertThat(run.err())
                    .contains("kubesolo-os.gz: the server cannot continue at byte ")
                    .contains("; downloading it again from the start");
            long total = (long) latest.length + kernel.length + initramfs.length;
            assertThat(toPython.downstreamBytes() - total)
                    .isBetween((long) initramfs.length / 2 - 8 * HEADERS, initramfs.length / 2 + 8 * HEADERS);
        }
    }

    @Test
    void rangeNotSatisfiableStartsTheFileOver() throws Exception {
        server.on(
                "/kubesolo-os.gz",
                FaultServer.sequence(
                        FaultServer.truncated(initramfs, 1000), FaultServer.status(416), FaultServer.ok(initramfs)));

        CommandRun run = apply();

        assertStaged(run);
        assertThat(server.ranges("/kubesolo-os.gz")).containsExactly("-", "bytes=1000-", "-");
    }

    @Test
    void aFileThatChangedBehindTheSameUrlFailsTheDigestAndIsDownloadedAgainOnce() throws Exception {
        byte[] other = bytes(initramfs.length, 99);
        server.on("/kubesolo-os.gz", FaultServer.truncated(other, 1000));
        assertThat(apply("--retries", "0").exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.tmp")).hasSize(1000);
        server.on("/kubesolo-os.gz", FaultServer.ranged(initramfs));

        CommandRun run = apply();

        assertStaged(run);
        assertThat(run.err())
                .contains("kubesolo-os.gz: kubesolo-os.gz from ")
                .contains(" has SHA-256 ")
                .contains("after resuming; downloading it again from the start");
        assertThat(server.ranges("/kubesolo-os.gz")).containsExactly("-", "bytes=1000-", "-");
    }

    @Test
    void aStalledServerFailsTheReadAfterTheIdleTimeoutAndTheDownloadContinues() throws Exception {
        proxy.stallAt(latest.length + kernel.length / 2);
        long started = System.nanoTime();

        CommandRun run = apply("--read-timeout", "500ms");

        assertStaged(run);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
        assertThat(run.err()).contains("downloading vmlinuz from").contains("Read timed out");
        assertThat(server.ranges("/vmlinuz")).hasSize(2);
    }

    @Test
    void theOverallBoundKeepsThePartialFile() throws Exception {
        proxy.stallAt(latest.length + kernel.length / 2);

        CommandRun run = apply("--read-timeout", "1s", "--download-timeout", "1s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("kubesolo-update: staging did not finish within 1 s: vmlinuz has ")
                .contains("the next apply continues from there");
        assertThat(Files.size(device.slot("B").resolve(".vmlinuz.tmp"))).isPositive();
        device.assertPassiveNotComplete();
        assertProtectedUnchanged();
    }

    @Test
    void serviceUnavailableIsRetriedAfterTheTimeTheServerAsksFor() throws Exception {
        server.on("/vmlinuz", FaultServer.sequence(FaultServer.retryAfter(503, "1"), FaultServer.ranged(kernel)));

        CommandRun run = apply();

        assertStaged(run);
        assertThat(run.err()).contains("retry 2/5 in 1.0 s: GET " + proxyUrl() + "/vmlinuz (vmlinuz): HTTP 503");
        assertThat(server.gets("/vmlinuz")).isEqualTo(2);
    }

    @Test
    void notFoundFailsAtOnce() throws Exception {
        server.on("/vmlinuz", FaultServer.sequence(FaultServer.status(404), FaultServer.ranged(kernel)));

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("HTTP 404").doesNotContain("retry ");
        assertThat(server.gets("/vmlinuz")).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedABoundedNumberOfTimes() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        CommandRun run = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--server",
                "http://127.0.0.1:" + closed,
                "--retries",
                "2",
                "--retry-delay",
                "10ms");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("Connection refused").contains("(gave up after 3 attempts in ");
        assertThat(run.err().lines().filter(line -> line.startsWith("retry "))).hasSize(2);
        assertProtectedUnchanged();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private CommandRun apply(String... extra) {
        return apply(proxy, extra);
    }

    private CommandRun apply(CuttingProxy through, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "apply",
                "--root",
                device.root().toString(),
                "--server",
                "http://127.0.0.1:" + through.port(),
                "--retry-delay",
                "10ms"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    private void assertStaged(CommandRun run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.slot("B").resolve("vmlinuz")).hasBinaryContent(kernel);
        assertThat(device.slot("B").resolve("kubesolo-os.gz")).hasBinaryContent(initramfs);
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertThat(device.slot("B")).isDirectoryNotContaining("glob:**/.*");
        assertThat(JSON.readTree(device.stateJson()).get("phase").asText()).isEqualTo("staged");
        assertProtectedUnchanged();
    }

    /** Bytes the server sent beyond one copy of each document and file, headers included. */
    private long downloadedAgain() {
        return proxy.downstreamBytes() - latest.length - kernel.length - initramfs.length;
    }

    private static long offsetOf(String range) {
        return Long.parseLong(range.replaceFirst("^bytes=(\\d+)-$", "$1"));
    }

    private void assertProtectedUnchanged() throws IOException {
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    private Map<String, Object> release() {
        Map<String, Object> release = LatestJsonFields.of("v0.4.0", kernel, initramfs);
        return release;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
