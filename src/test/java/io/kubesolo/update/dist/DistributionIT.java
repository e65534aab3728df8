package io.kubesolo.update.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.OsRoot;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The amd64 tarball installed as an OS build would: unpacked with {@code tar -x} at the root of an
 * image that holds nothing but glibc and busybox ({@link OsRoot}), in a directory of its own.
 * There the whole update cycle runs with {@code -Xshare:on} (the CDS archive is used at the
 * install path, or the JVM refuses to start); a copy made with {@code cp -a} still uses it, and a
 * copy with {@code cp -r}, which loses the jar's modification time, is detected by the launcher,
 * which says so and runs without the archive.
 */
@Tag("system")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DistributionIT {

    @TempDir
    static Path temp;

    private static OsRoot installed;

    @BeforeAll
    static void install() throws IOException, InterruptedException {
        installed = OsRoot.install(OsRoot.tarball("amd64"), temp.resolve("os"), "amd64");
    }

    @Test
    void tarballHoldsTheAgreedLayoutUnderUsrOnly() throws IOException, InterruptedException {
        List<String> entries = Processes.output(
                        List.of("tar", "-tzf", OsRoot.tarball("amd64").toString()))
                .lines()
                .toList();

        assertThat(entries).allMatch(e -> e.startsWith("usr/"));
        assertThat(entries)
                .contains(
                        "usr/bin/kubesolo-update",
                        "usr/lib/kubesolo-update/runtime/bin/java",
                        "usr/lib/kubesolo-update/kubesolo-update.jar",
                        "usr/lib/kubesolo-update/kubesolo-update.jsa",
                        "usr/lib/kubesolo-update/kubesolo-update.jsa.stamp",
                        "usr/lib/kubesolo-update/lib/libstdc++.so.6",
                        "usr/lib/kubesolo-update/lib/libgcc_s.so.1",
                        "usr/lib/kubesolo-update/lib/libz.so.1",
                        "usr/lib/systemd/system/kubesolo-update.service",
                        "usr/lib/systemd/system/kubesolo-update.timer",
                        "usr/lib/systemd/system/kubesolo-update-healthcheck.service",
                        "usr/share/kubesolo-update/kubernetes/cronjob.yaml");
        if (Files.exists(Path.of("packaging/grub/grub.cfg"))) {
            assertThat(entries).contains("usr/share/kubesolo-update/grub/grub.cfg");
        }
    }

    @Test
    void updateCycleRunsOnGlibcAndBusyboxAloneWithTheArchive() throws IOException, InterruptedException {
        String status = DistributionCycle.run(installed, "amd64");

        assertThat(status).contains("v0.3.0");
    }

    @Test
    void copyKeepingTimesStillUsesTheArchive() throws IOException, InterruptedException {
        OsRoot copy = installed.copyTo(temp.resolve("copied-with-cp-a"), true);

        Processes.Result version = DistributionCycle.agent(copy, "--version");

        assertThat(version.stdout()).startsWith("kubesolo-update ");
    }

    @Test
    void copyLosingTheJarsTimeIsDetectedAndRunsWithoutTheArchive() throws IOException, InterruptedException {
        OsRoot copy = installed.copyTo(temp.resolve("copied-with-cp-r"), false);

        Processes.Result result = copy.expectSuccess(Map.of(), "/usr/bin/kubesolo-update", "--version");

        assertThat(result.stdout()).startsWith("kubesolo-update ");
        assertThat(result.stderr())
                .startsWith("kubesolo-update: warning: /usr/lib/kubesolo-update/kubesolo-update.jar"
                        + " is not the jar /usr/lib/kubesolo-update/kubesolo-update.jsa was made for")
                .contains("use tar -x or cp -a");
        Processes.Result required =
                copy.run(DistributionCycle.ARCHIVE_REQUIRED, "/usr/bin/kubesolo-update", "--version");
        assertThat(required.exitCode())
                .as("-Xshare:on without a usable archive")
                .isNotZero();
    }

    @Test
    void runtimeNeedsNoLibraryBeyondGlibcAndWhatItBundles() throws IOException, InterruptedException {
        Path home = installed.path().resolve("usr/lib/kubesolo-update");
        String needed = Processes.output(List.of(
                "sh",
                "-c",
                "find '" + home + "' -type f -name '*.so*' -o -type f -path '*/bin/*'"
                        + " | xargs readelf -d 2>/dev/null | sed -n 's/.*(NEEDED).*\\[\\(.*\\)\\]/\\1/p' | sort -u"));

        assertThat(needed.lines())
                .allMatch(
                        soname -> soname.matches("lib(c|m)\\.so\\.6|ld-linux-x86-64\\.so\\.2")
                                || Files.exists(home.resolve("runtime/lib").resolve(soname))
                                || Files.exists(
                                        home.resolve("runtime/lib/server").resolve(soname)),
                        "glibc or bundled");
    }
}
