package io.kubesolo.update.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.OsRoot;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arm64 tarball's smoke test, under qemu-user-static: unpacked into an image of arm64 glibc
 * and busybox ({@link OsRoot}; the shell is the machine's own static busybox, the kernel runs
 * the aarch64 java through binfmt_misc and qemu), it runs the whole update cycle of an arm64
 * release with {@code -Xshare:on}, so its CDS archive, dumped under qemu at package time, is used.
 * When the package step had no arm64 JDK (offline), this fetches it and packages again with the
 * project's scripts.
 */
@Tag("system")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class Arm64DistributionIT {

    @TempDir
    static Path temp;

    private static OsRoot installed;

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        Processes.output(List.of("scripts/enable-qemu-aarch64.sh"));
        if (!hasArm64Tarball()) {
            String amd64 = OsRoot.tarball("amd64").getFileName().toString();
            String version =
                    amd64.substring("kubesolo-update-".length(), amd64.length() - "-linux-amd64.tar.gz".length());
            Processes.output(List.of("scripts/fetch-arm64-sysroot.sh"));
            Processes.output(List.of("scripts/package-dist.sh", "target", version));
        }
        installed = OsRoot.install(OsRoot.tarball("arm64"), temp.resolve("arm64-os"), "arm64");
    }

    @Test
    void runtimeIsAarch64() throws IOException, InterruptedException {
        String header = Processes.output(List.of(
                "readelf",
                "-h",
                installed
                        .path()
                        .resolve("usr/lib/kubesolo-update/runtime/lib/server/libjvm.so")
                        .toString()));

        assertThat(header).contains("AArch64");
    }

    @Test
    void updateCycleOfAnArm64ReleaseRunsUnderQemu() throws IOException, InterruptedException {
        long started = System.nanoTime();

        String status = DistributionCycle.run(installed, "arm64");

        System.out.printf("arm64 update cycle under qemu-user: %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(status).contains("v0.3.0");
    }

    private static boolean hasArm64Tarball() throws IOException {
        if (!Files.isDirectory(OsRoot.DIST)) {
            return false;
        }
        try (var files = Files.list(OsRoot.DIST)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-linux-arm64.tar.gz"));
        }
    }
}
