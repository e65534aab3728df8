package io.kubesolo.update.health;

import io.kubesolo.update.fs.CrashPoints;
import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * The data partition is writable: writes a small probe file into the data directory, flushes it to
 * disk, reads it back, compares, and deletes it. A read-only remount (what ext4 does after an I/O
 * error with {@code errors=remount-ro}) or a full disk fails the check.
 */
public final class DataPartitionCheck extends ProbingCheck {

    public static final String NAME = "data_partition";

    /** The probe's name; a leftover from a power cut is overwritten by the next run. */
    static final String PROBE_FILE = ".kubesolo-update-health-probe";

    private final Path directory;

    /** @param directory the data directory on this machine, already resolved under the device root */
    public DataPartitionCheck(Path directory) {
        super(NAME);
        this.directory = directory;
    }

    @Override
    Verdict probe() throws IOException {
        if (!Files.isDirectory(directory)) {
            return Verdict.failed("data directory " + directory + " does not exist (data partition not mounted?)");
        }
        Path probe = directory.resolve(PROBE_FILE);
        byte[] written =
                ("kubesolo-update health probe " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            try (FileChannel channel = FileChannel.open(
                    probe, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(written);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            CrashPoints.reached(probe, "synced");
            byte[] read = Files.readAllBytes(probe);
            if (!Arrays.equals(read, written)) {
                return Verdict.failed("probe file " + probe + " read back different bytes than were written");
            }
        } catch (IOException e) {
            return Verdict.failed("cannot write probe file " + probe + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            Files.deleteIfExists(probe);
        }
        return Verdict.passed("wrote, flushed and read back a probe in " + directory);
    }
}
