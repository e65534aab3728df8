package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.CuttingProxy;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply} from a real registry ({@code docker-registry}) through a proxy that cuts the link
 * at 50 % of a large initramfs blob, and the figure the reliability issue asks for: how many bytes
 * are downloaded again. The artifact is {@value #DEFAULT_MIB} MiB; {@code -Dresume.mib=256} runs
 * the same measurement at 256 MiB. Each case first stages the release on a second device through
 * an uncut proxy, so "downloaded again" is the cut run's bytes minus the clean run's, headers and
 * manifests included.
 */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumeOverOciTest {

    private static final int DEFAULT_MIB = 64;
    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    static Path release;

    @TempDir
    Path temp;

    private static long initramfsSize;
    private static Path kernel;
    private static Path initramfs;
    private SimulatedDevice device;
    private Map<String, String> protectedBefore;
    private final List<CuttingProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void publish() throws IOException {
        initramfsSize = Long.getLong("resume.mib", DEFAULT_MIB) * MIB;
        kernel = randomFile(release.resolve("vmlinuz"), 512 * 1024, 1);
        initramfs = randomFile(release.resolve("kubesolo-os.gz"), initramfsSize, 2);
        ReleasePush.of(REGISTRY.host() + "/kubesolo/big", kernel, initramfs, "v0.4.0")
                .run();
    }

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        device.writeConf("architecture=amd64\n");
        protectedBefore = device.protectedBytes();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (CuttingProxy proxy : proxies) {
            proxy.close();
        }
    }

    @Test
    void aCutAtHalfTheInitramfsIsContinuedInTheSameApply() throws Exception {
        long clean = cleanRunBytes();
        CuttingProxy proxy = proxy();
        proxy.cutAt(Files.size(kernel) + initramfsSize / 2);

        CommandRun run = apply(device, proxy);

        assertStaged(run);
        assertThat(run.err()).containsPattern("retry 2/5 in .*: downloading kubesolo-os.gz from .* broke off at byte");
        long again = proxy.downstreamBytes() - clean;
        report("cut at 50 %, same apply", again);
        assertThat(again).isLessThanOrEqualTo(initramfsSize / 20).isLessThan(64 * 1024);
    }

    @Test
    void aCutAtHalfTheInitramfsIsContinuedByTheNextApply() throws Exception {
        long clean = cleanRunBytes();
        CuttingProxy proxy = proxy();
        proxy.cutAt(Files.size(kernel) + initramfsSize / 2);

        CommandRun first = apply(device, proxy, "--retries", "0");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(first.err()).contains("the next apply continues from there");
        long kept = Files.size(device.slot("B").resolve(".kubesolo-os.gz.tmp"));
        assertThat(kept).isBetween(initramfsSize / 2 - MIB, initramfsSize / 2);
        device.assertPassiveNotComplete();

        CommandRun second = apply(device, proxy);

        assertStaged(second);
        assertThat(second.out()).contains("continued from " + kept + " bytes of an earlier attempt");
        long again = proxy.downstreamBytes() - clean;
        report("cut at 50 %, next apply", again);
        assertThat(again).isLessThanOrEqualTo(initramfsSize / 20).isLessThan(64 * 1024);
    }

    @Test
    void aStalledRegistryFailsTheReadAndTheDownloadContinues() throws Exception {
        CuttingProxy proxy = proxy();
        proxy.stallAt(Files.size(kernel) + initramfsSize / 4);

        CommandRun run = apply(device, proxy, "--read-timeout", "1s");

        assertStaged(run);
        assertThat(run.err()).contains("Read timed out");
    }

    @Test
    void theDownloadTimeoutEndsAReadThatWaitsAndKeepsThePartialFile() throws Exception {
        CuttingProxy proxy = proxy();
        proxy.stallAt(Files.size(kernel) + initramfsSize / 4);

        // The read timeout alone would wait longer than this class's 120 s bound.
        CommandRun run = apply(device, proxy, "--read-timeout", "300s", "--download-timeout", "3s");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("staging did not finish within 3 s: kubesolo-os.gz has ")
                .contains("the next apply continues from there");
        assertThat(Files.size(device.slot("B").resolve(".kubesolo-os.gz.tmp"))).isPositive();
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Bytes through an uncut proxy for the same release on another device. */
    private long cleanRunBytes() throws Exception {
        SimulatedDevice other = SimulatedDevice.withGrubEditenv(temp.resolve("clean-device"));
        other.writeConf("architecture=amd64\n");
        CuttingProxy proxy = proxy();
        CommandRun run = apply(other, proxy);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return proxy.downstreamBytes();
    }

    private CuttingProxy proxy() throws IOException {
        CuttingProxy proxy = CuttingProxy.to(REGISTRY.base().getPort());
        proxies.add(proxy);
        return proxy;
    }

    private static CommandRun apply(SimulatedDevice on, CuttingProxy proxy, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "apply",
                "--root",
                on.root().toString(),
                "--registry",
                "127.0.0.1:" + proxy.port() + "/kubesolo/big",
                "--tag",
                "stable",
                "--plain-http",
                "--retry-delay",
                "10ms"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    private void assertStaged(CommandRun run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(device.slot("B").resolve("vmlinuz")).hasSameBinaryContentAs(kernel);
        assertThat(device.slot("B").resolve("kubesolo-os.gz")).hasSameBinaryContentAs(initramfs);
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertThat(device.slot("B")).isDirectoryNotContaining("glob:**/.*");
        assertThat(device.protectedBytes()).isEqualTo(protectedBefore);
    }

    private static void report(String what, long again) {
        System.out.printf(
                "resume figure (%s, %d MiB initramfs): %d bytes downloaded again = %.4f %%%n",
                what, initramfsSize / MIB, again, 100.0 * again / initramfsSize);
    }

    private static Path randomFile(Path file, long size, int seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }
}
