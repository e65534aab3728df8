package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.health.CheckResult.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DataPartitionCheckTest {

    @TempDir
    Path directory;

    @Test
    void passesOnAWritableDirectoryAndLeavesNothingBehind() throws Exception {
        CheckResult result = new DataPartitionCheck(directory).run();

        assertThat(result.status()).isEqualTo(Status.PASSED);
        try (var entries = Files.list(directory)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void overwritesAProbeLeftByAPowerCut() throws Exception {
        Files.writeString(
                directory.resolve(DataPartitionCheck.PROBE_FILE),
                "stale probe from an earlier boot, longer than the new one");

        assertThat(new DataPartitionCheck(directory).run().status()).isEqualTo(Status.PASSED);
        assertThat(directory.resolve(DataPartitionCheck.PROBE_FILE)).doesNotExist();
    }

    @Test
    void failsWhenTheDataDirectoryIsMissing() {
        Path missing = directory.resolve("var/lib/kubesolo");

        CheckResult result = new DataPartitionCheck(missing).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail())
                .isEqualTo("data directory " + missing + " does not exist (data partition not mounted?)");
    }

    /** A read-only mount, as ext4 remounts itself after an I/O error; root ignores directory modes. */
    @Test
    @Tag("system")
    void failsOnAReadOnlyFilesystem() throws Exception {
        Path mountPoint = Files.createDirectories(directory.resolve("var/lib/kubesolo"));
        run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mountPoint.toString());
        try {
            CheckResult result = new DataPartitionCheck(mountPoint).run();

            assertThat(result.status()).isEqualTo(Status.FAILED);
            assertThat(result.detail())
                    .startsWith("cannot write probe file " + mountPoint.resolve(DataPartitionCheck.PROBE_FILE))
                    .contains("Read-only file system");
        } finally {
            run("umount", mountPoint.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process process =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as(String.join(" ", command) + " finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
    }
}
