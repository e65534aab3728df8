package io.kubesolo.update.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.LatestJsonFields;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.verify.Digest;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut in the middle of a download costs at most one checkpoint interval (32 MiB) of it.
 * The packaged {@code apply} streams a 72 MiB initramfs from a server that honours ranges and is
 * halted right after its second checkpoint reached the disk ({@link CrashPoints}, {@code
 * .kubesolo-os.gz.tmp.checkpoint#2}). A halt keeps the page cache, a power cut does not: what a
 * power cut is sure to leave is what the checkpoint flushed, so the data file is cut back to 64 MiB.
 * The next {@code apply} continues from there and fetches the remaining 8 MiB, not 72.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PowerCutDuringDownloadIT {

    private static final Path PROGRAM = Path.of("bin/kubesolo-update").toAbsolutePath();
    private static final long MIB = 1 << 20;
    private static final long CHECKPOINT = 32 * MIB;

    @TempDir
    Path temp;

    @Test
    void theNextApplyFetchesAtMostOneCheckpointIntervalAgain() throws Exception {
        byte[] kernel = random((int) MIB, 1);
        byte[] initramfs = random((int) (72 * MIB), 2);
        Path device = temp.resolve("device");
        assertThat(CommandRun.of("simulate", "init", "--root", device.toString(), "--version", "v0.2.0")
                        .exitCode())
                .isZero();
        Path data = device.resolve("slots/B/.kubesolo-os.gz.tmp");
        try (FaultServer server = new FaultServer()) {
            server.serve("/latest.json", latestJson(kernel, initramfs))
                    .on("/vmlinuz", FaultServer.ranged(kernel))
                    .on("/kubesolo-os.gz", FaultServer.ranged(initramfs));
            List<String> apply =
                    List.of(PROGRAM.toString(), "apply", "--root", device.toString(), "--server", server.url());

            Processes.Result cut =
                    Processes.run(apply, Map.of(CrashPoints.CRASH_AT, ".kubesolo-os.gz.tmp.checkpoint#2"), null, null);
            assertThat(cut.exitCode()).as(cut.stderr()).isEqualTo(CrashPoints.HALT_STATUS);
            assertThat(Files.size(data)).isGreaterThanOrEqualTo(2 * CHECKPOINT);
            try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
                file.truncate(2 * CHECKPOINT); // what was flushed; the rest a power cut may take
            }

            Processes.Result next = Processes.run(apply);

            assertThat(next.exitCode()).as(next.stderr()).isZero();
            assertThat(next.stderr())
                    .contains("kubesolo-os.gz: continuing a partial download at byte " + 2 * CHECKPOINT + " of "
                            + initramfs.length);
            assertThat(server.ranges("/kubesolo-os.gz")).containsExactly("-", "bytes=" + 2 * CHECKPOINT + "-");
            assertThat(initramfs.length - 2 * CHECKPOINT).isLessThanOrEqualTo(CHECKPOINT);
            assertThat(Digest.of(Files.readAllBytes(device.resolve("slots/B/kubesolo-os.gz"))))
                    .isEqualTo(Digest.of(initramfs));
        }
    }

    private static byte[] latestJson(byte[] kernel, byte[] initramfs) throws Exception {
        return new ObjectMapper().writeValueAsBytes(LatestJsonFields.of("v0.3.0", kernel, initramfs));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
