package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.policy.MachineArchitecture;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply} into a passive slot that is a real, small file system (a 2 MiB tmpfs mounted over
 * slot B; needs root, like the loop-device tests): a release too big for it is refused before a
 * byte is written, and a disk that fills up anyway during the download loses the partial file and
 * nothing else.
 */
@Tag("system")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private FaultServer server;
    private Map<String, String> protectedBefore;
    private boolean mounted;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
        Processes.output(List.of(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=2m",
                "kubesolo-test-slot-b",
                device.slot("B").toString()));
        mounted = true;
        server = new FaultServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        if (mounted) {
            Processes.output(List.of("umount", device.slot("B").toString()));
        }
    }

    @Test
    void aReleaseTooBigForTheSlotIsRefusedBeforeAnyByteIsWritten() throws Exception {
        serve(bytes(300_000, 1), bytes(1_800_000, 2));

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("kubesolo-update: refused by the free space gate: needs ");
        assertThat(server.gets("/vmlinuz")).isZero();
        assertThat(device.slot("B")).isEmptyDirectory();
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    @Test
    void aDiskThatFillsUpDuringTheDownloadLosesThePartialFileAndNothingElse() throws Exception {
        byte[] kernel = bytes(300_000, 1);
        byte[] initramfs = bytes(700_000, 2);
        serve(kernel, initramfs);
        Path filler = device.slot("B").resolve("filler");
        server.on("/kubesolo-os.gz", exchange -> {
            // Something else on the device takes the room the free-space gate saw.
            Files.write(filler, new byte[1_600_000]);
            FaultServer.ok(initramfs).send(exchange);
        });

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("kubesolo-update: cannot write kubesolo-os.gz to ")
                .contains("No space left on device; removed the partial download");
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.tmp")).doesNotExist();
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.partial.json")).doesNotExist();
        device.assertPassiveNotComplete();
        JsonNode state = JSON.readTree(device.stateJson());
        assertThat(state.get("phase").asText()).isEqualTo("failed");
        assertThat(state.get("last_error").asText()).contains("No space left on device");
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    /** HEAD answers that give no size: the release must still update (#12 item 3). */
    static Stream<Arguments> headsWithoutASize() {
        FaultServer.Response noLength = exchange -> exchange.sendResponseHeaders(200, -1);
        return Stream.of(
                Arguments.of("405", FaultServer.status(405)),
                Arguments.of("501", FaultServer.status(501)),
                Arguments.of("403 (presigned GET URL)", FaultServer.status(403)),
                Arguments.of("200 without Content-Length", noLength));
    }

    @ParameterizedTest(name = "HEAD {0}")
    @MethodSource("headsWithoutASize")
    void aReleaseWithoutSizesUpdatesWhateverHeadAnswers(String name, FaultServer.Response head) throws Exception {
        byte[] kernel = bytes(300_000, 1);
        byte[] initramfs = bytes(700_000, 2);
        serveWithoutSizes(head, FaultServer.ok(kernel), FaultServer.ok(initramfs), kernel, initramfs);

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("staged v0.4.0 into slot B");
        assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(initramfs);
    }

    @Test
    void withoutDeclaredSizesTheContentLengthIsCheckedBeforeTheFirstByteIsWritten() throws Exception {
        byte[] kernel = bytes(2_500_000, 1);
        byte[] initramfs = bytes(1000, 2);
        serveWithoutSizes(
                FaultServer.status(403), FaultServer.ok(kernel), FaultServer.ok(initramfs), kernel, initramfs);

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err())
                .contains("kubesolo-update: refused by the free space gate: vmlinuz from ")
                .contains(" is 2500000 bytes (its Content-Length; the release declares no size), the slot has ");
        assertThat(device.slot("B")).isEmptyDirectory();
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    @Test
    void withoutAnyLengthTheDownloadStreamsUntilTheDiskIsFull() throws Exception {
        byte[] kernel = bytes(2_500_000, 1);
        byte[] initramfs = bytes(1000, 2);
        serveWithoutSizes(
                FaultServer.status(405), FaultServer.chunked(kernel, 0), FaultServer.ok(initramfs), kernel, initramfs);

        CommandRun run = apply();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("kubesolo-update: cannot write vmlinuz to ")
                .contains("No space left on device; removed the partial download");
        assertThat(device.slot("B")).isEmptyDirectory();
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    private void serveWithoutSizes(
            FaultServer.Response head,
            FaultServer.Response kernelGet,
            FaultServer.Response initramfsGet,
            byte[] kernel,
            byte[] initramfs)
            throws Exception {
        server.serve("/latest.json", JSON.writeValueAsBytes(latest(kernel, initramfs, false)))
                .on("/vmlinuz", headOr(head, kernelGet))
                .on("/kubesolo-os.gz", headOr(head, initramfsGet));
    }

    private static FaultServer.Response headOr(FaultServer.Response head, FaultServer.Response get) {
        return exchange -> ("HEAD".equals(exchange.getRequestMethod()) ? head : get).send(exchange);
    }

    private CommandRun apply() {
        return CommandRun.of(
                "apply", "--root", device.root().toString(), "--server", server.url(), "--retry-delay", "10ms");
    }

    private void serve(byte[] kernel, byte[] initramfs) throws Exception {
        server.serve("/latest.json", JSON.writeValueAsBytes(latest(kernel, initramfs, true)))
                .serve("/vmlinuz", kernel)
                .serve("/kubesolo-os.gz", initramfs);
    }

    /** latest.json of v0.4.0; without {@code *_size}, as the original agent's format had none. */
    private static Map<String, Object> latest(byte[] kernel, byte[] initramfs, boolean withSizes) {
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("version", "v0.4.0");
        release.put("vmlinuz_url", "vmlinuz");
        release.put("vmlinuz_sha256", Digest.of(kernel).hex());
        release.put("initramfs_url", "kubesolo-os.gz");
        release.put("initramfs_sha256", Digest.of(initramfs).hex());
        if (withSizes) {
            release.put("vmlinuz_size", kernel.length);
            release.put("initramfs_size", initramfs.length);
        }
        release.put("architecture", MachineArchitecture.ofThisMachine());
        return release;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
