package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.DeviceFixture;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.LatestJsonFields;
import io.kubesolo.update.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

    private DeviceFixture device;
    private FaultServer server;
    private Map<String, String> protectedBefore;
    private boolean mounted;

    @BeforeEach
    void setUp() throws Exception {
        device = DeviceFixture.create(temp.resolve("device"));
        protectedBefore = device.protectedBytes();
        Processes.output(List.of("mount", "-t", "tmpfs", "-o", "size=2m", "kubesolo-test-slot-b", device.slot("B").toString()));
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
        assertThat(run.err()).contains("kubesolo-update: cannot write kubesolo-os.gz to ")
                .contains("No space left on device; removed the partial download");
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.tmp")).doesNotExist();
        assertThat(device.slot("B").resolve(".kubesolo-os.gz.partial.json")).doesNotExist();
        device.assertPassiveNotComplete();
        JsonNode state = JSON.readTree(device.state());
        assertThat(state.get("phase").asText()).isEqualTo("failed");
        assertThat(state.get("last_error").asText()).contains("No space left on device");
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    private CommandRun apply() {
        return CommandRun.of("apply", "--root", device.root().toString(), "--server", server.url(),
                "--retry-delay", "10ms");
    }

    private void serve(byte[] kernel, byte[] initramfs) throws Exception {
        Map<String, Object> release = LatestJsonFields.of("v0.4.0", kernel, initramfs);
        server.serve("/latest.json", JSON.writeValueAsBytes(release))
                .serve("/vmlinuz", kernel).serve("/kubesolo-os.gz", initramfs);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
