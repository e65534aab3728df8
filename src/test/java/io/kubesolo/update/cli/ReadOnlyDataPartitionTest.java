package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.OpensslRelease;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * #12 item 5: the data partition remounted read-only (as ext4 does after an I/O error), here a
 * read-only bind mount over a device that has staged an update, fetched latest.json (its fetch
 * cache) and recorded its runs. Every command still gives its real answer; what cannot be written
 * (the fetch cache, the run record) is a warning, never the end of the job; the health check
 * reports the partition as FAILED with exit status 5, as docs/health.md promises.
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadOnlyDataPartitionTest {

    @TempDir
    Path temp;

    @Test
    void everyCommandAnswersOnAReadOnlyDataPartition() throws Exception {
        SimulatedDevice device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        OpensslRelease release = OpensslRelease.withNewKey(temp);
        String pubkey = device.install("/etc/kubesolo/keys/release.pem", Files.readAllBytes(release.publicKeyPem()));
        device.writeConf("channel=stable\npubkey=" + pubkey + "\n");
        Path site = Files.createDirectories(temp.resolve("site"));
        release.writeSite(site, "v0.4.0", randomBytes(300_000, 1), randomBytes(400_000, 2));
        // A Last-Modified in the second of the response is a weak validator and not cached (RFC 9110
        // §8.8.2.2): the site was published a minute ago, so that the fetch cache is written.
        Files.setLastModifiedTime(
                site.resolve("latest.json"), FileTime.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
        String root = device.root().toString();
        Path data = device.root().resolve("var/lib/kubesolo");

        try (PythonHttpServer server = PythonHttpServer.serve(site)) {
            CommandRun apply = CommandRun.of("apply", "--root", root, "--server", server.url());
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(apply.out()).contains("staged v0.4.0 into slot B");
            try (var files = Files.list(data.resolve("update"))) {
                assertThat(files.map(file -> file.getFileName().toString()))
                        .as("the fetch cache and the run record exist before the remount")
                        .contains("state.json", "last-run.json", "fetch-cache.json");
            }

            // A newer release appears while the partition is read-only: the cached latest.json must not hide it.
            release.writeSite(site, "v0.5.0", randomBytes(300_000, 3), randomBytes(400_000, 4));
            Files.setLastModifiedTime(
                    site.resolve("latest.json"), FileTime.from(Instant.now().plus(10, ChronoUnit.MINUTES)));
            mountReadOnly(data);
            try {
                CommandRun check = CommandRun.of("check", "--root", root, "--server", server.url());
                assertThat(check.exitCode()).as(check.toString()).isZero();
                assertThat(check.out()).contains("update available: v0.3.0 -> v0.5.0");
                assertThat(check.err())
                        .as(check.toString())
                        .contains("kubesolo-update: warning: ")
                        .contains("Read-only file system")
                        .doesNotContain("kubesolo-update: error");

                CommandRun status = CommandRun.of("status", "--root", root);
                assertThat(status.exitCode()).as(status.toString()).isZero();
                assertThat(status.out()).contains("staged").contains("v0.4.0");

                CommandRun metrics = CommandRun.of("metrics", "--root", root);
                assertThat(metrics.exitCode()).as(metrics.toString()).isZero();
                assertThat(metrics.out())
                        .contains("kubesolo_update_phase{phase=\"staged\"} 1")
                        .contains("kubesolo_update_last_check_result");

                CommandRun health = CommandRun.of("healthcheck", "--root", root);
                assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCodes.UNHEALTHY);
                assertThat(health.out()).containsPattern("data_partition: +FAILED");
                assertThat(health.err()).doesNotContain("cannot take the lock");
            } finally {
                Processes.output(List.of("umount", data.toString()));
            }
        }
    }

    /** A read-only bind mount of {@code directory} over itself: its files stay, nothing can be written. */
    private static void mountReadOnly(Path directory) throws Exception {
        Processes.output(List.of("mount", "--bind", directory.toString(), directory.toString()));
        Processes.output(List.of("mount", "-o", "remount,bind,ro", directory.toString()));
        assertThat(Files.isWritable(directory.resolve("update"))).isFalse();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
