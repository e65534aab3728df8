package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.delta.ChunkIndex;
import io.kubesolo.update.delta.LocalChunks;
import io.kubesolo.update.delta.RangePlan;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.NginxServer;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta updates end to end, on the real registry and on nginx: a device running v1 updates to a v2
 * whose initramfs (a real newc cpio archive, gzip'd and made rsyncable with {@code recompress})
 * differs from v1's in one file. The servers' access logs show that only the ranges the device
 * lacked were fetched; the staged files are byte-identical to what a full download stages.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DeltaUpdateTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final int KIB = 1024;
    private static final Pattern SERVED = Pattern.compile("\" (\\d{3}) (\\d+)");

    @TempDir
    Path temp;

    private Path kernel;
    private Path v1;
    private Path v2;

    @BeforeEach
    void setUp() throws Exception {
        kernel = Files.write(temp.resolve("vmlinuz"), random(2 * 1024 * KIB, 1));
        Path tree = Files.createDirectories(temp.resolve("tree"));
        for (int i = 0; i < 24; i++) {
            Files.write(
                    Files.createDirectories(tree.resolve("usr/lib/" + (i % 4))).resolve("file" + i),
                    text(256 * KIB, 100 + i));
        }
        Files.write(tree.resolve("usr/lib/changing"), text(1024 * KIB, 7));
        v1 = initramfs(tree, "v1");
        Files.write(tree.resolve("usr/lib/changing"), text(1024 * KIB, 8));
        v2 = initramfs(tree, "v2");
        assertThat(Files.readAllBytes(v1)).isNotEqualTo(Files.readAllBytes(v2));
    }

    @Test
    void overTheRegistryOnlyTheMissingRangesAreFetched() throws Exception {
        String repository = REGISTRY.host() + "/delta/"
                + temp.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        ReleasePush.of(repository, kernel, v2, "v0.4.0").run();
        SimulatedDevice device = deviceRunningV1("delta");
        int before = REGISTRY.log().size();

        CommandRun apply = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                repository,
                "--tag",
                "stable",
                "--plain-http");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        RangePlan plan = expectedPlan(device);
        List<String> log = REGISTRY.log().subList(before, REGISTRY.log().size());
        List<String> initramfsGets = requests(log, "GET /v2/" + path(repository) + "/blobs/sha256:" + sha256(v2));
        assertThat(initramfsGets).hasSize(plan.fetched().size()).allMatch(line -> status(line) == 206);
        assertThat(initramfsGets.stream().mapToLong(DeltaUpdateTest::bytes).sum())
                .isEqualTo(plan.fetchedBytes());
        assertThat(plan.fetchedBytes()).isPositive().isLessThan(Files.size(v2) / 4);
        assertThat(requests(log, "GET /v2/" + path(repository) + "/blobs/sha256:" + sha256(kernel)))
                .isEmpty();
        assertThat(apply.out())
                .contains("(downloaded " + plan.fetchedBytes() + " bytes, reused "
                        + (Files.size(kernel) + plan.localBytes()) + " bytes the slots held)");
        CommandRun status = CommandRun.of("status", "--root", device.root().toString());
        assertThat(status.out())
                .contains(plan.fetchedBytes() + " bytes fetched, " + (Files.size(kernel) + plan.localBytes())
                        + " bytes reused from the slots");
        CommandRun metrics = CommandRun.of("metrics", "--root", device.root().toString());
        assertThat(metrics.out())
                .contains(
                        "kubesolo_update_bytes_fetched " + plan.fetchedBytes() + "\n",
                        "kubesolo_update_bytes_reused " + (Files.size(kernel) + plan.localBytes()) + "\n");
        assertStagedAsFullDownload(device, List.of("--registry", repository, "--tag", "stable", "--plain-http"));
    }

    @Test
    void overHttpOnlyTheMissingRangesAreFetchedThroughARedirect() throws Exception {
        Path site = temp.resolve("site");
        CommandRun publish = CommandRun.of(
                "publish",
                "--out",
                site.toString(),
                "--kernel",
                kernel.toString(),
                "--initramfs",
                v2.toString(),
                "--version",
                "v0.4.0");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        Path latest = site.resolve("latest.json");
        Files.writeString(
                latest,
                Files.readString(latest).replace("\"v0.4.0/kubesolo-os.gz\"", "\"redirect/v0.4.0/kubesolo-os.gz\""));
        SimulatedDevice device = deviceRunningV1("delta");
        try (NginxServer server = NginxServer.serve(site, true)) {
            CommandRun apply = CommandRun.of("apply", "--root", device.root().toString(), "--server", server.url());

            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            RangePlan plan = expectedPlan(device);
            List<String> redirected = requests(server.log(), "GET /redirect/v0.4.0/kubesolo-os.gz");
            List<String> gets = requests(server.log(), "GET /v0.4.0/kubesolo-os.gz");
            assertThat(redirected).hasSize(plan.fetched().size()).allMatch(line -> status(line) == 302);
            assertThat(gets)
                    .hasSize(plan.fetched().size())
                    .allMatch(line -> status(line) == 206 && line.contains("range=\"bytes="));
            assertThat(gets.stream().mapToLong(DeltaUpdateTest::bytes).sum()).isEqualTo(plan.fetchedBytes());
            assertThat(requests(server.log(), "GET /v0.4.0/vmlinuz")).isEmpty();
            assertThat(requests(server.log(), "GET /v0.4.0/kubesolo-os.gz.chunks.json"))
                    .hasSize(1);
            assertStagedAsFullDownload(device, List.of("--server", server.url()));
        }
    }

    @Test
    void aServerWithoutRangeSupportGetsAFullDownloadWithANote() throws Exception {
        Path site = temp.resolve("site");
        assertThat(CommandRun.of(
                                "publish",
                                "--out",
                                site.toString(),
                                "--kernel",
                                kernel.toString(),
                                "--initramfs",
                                v2.toString(),
                                "--version",
                                "v0.4.0")
                        .exitCode())
                .isZero();
        SimulatedDevice device = deviceRunningV1("delta");
        try (NginxServer server = NginxServer.serve(site, false)) {
            CommandRun apply = CommandRun.of("apply", "--root", device.root().toString(), "--server", server.url());

            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(apply.err())
                    .containsOnlyOnce("kubesolo-os.gz: GET " + server.url()
                            + "/v0.4.0/kubesolo-os.gz (kubesolo-os.gz): the server answered a Range request with the whole"
                            + " file; downloading the whole file instead");
            assertThat(Files.readAllBytes(device.slot("B").resolve("kubesolo-os.gz")))
                    .isEqualTo(Files.readAllBytes(v2));
        }
    }

    /** A device whose active slot A holds v1 (the kernel is the same in both releases). */
    private SimulatedDevice deviceRunningV1(String name) throws Exception {
        SimulatedDevice device = SimulatedDevice.withGrubEditenv(temp.resolve(name));
        device.writeConf("architecture=amd64\n");
        Files.copy(kernel, device.slot("A").resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(v1, device.slot("A").resolve("kubesolo-os.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return device;
    }

    /** What the device should have fetched: the chunks of v2 that v1 does not hold, coalesced. */
    private RangePlan expectedPlan(SimulatedDevice device) throws IOException {
        ChunkIndex index = ChunkIndex.ofFile(v2);
        return RangePlan.of(
                index, LocalChunks.scan(index, List.of(device.slot("A").resolve("kubesolo-os.gz"))), 0);
    }

    /** A device with nothing in common with the release stages the same bytes by downloading them whole. */
    private void assertStagedAsFullDownload(SimulatedDevice delta, List<String> source) throws Exception {
        SimulatedDevice full = SimulatedDevice.withGrubEditenv(temp.resolve("full"));
        full.writeConf("architecture=amd64\n");
        List<String> args =
                new java.util.ArrayList<>(List.of("apply", "--root", full.root().toString()));
        args.addAll(source);
        CommandRun apply = CommandRun.of(args.toArray(String[]::new));
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        for (String file : List.of("vmlinuz", "kubesolo-os.gz", "version")) {
            assertThat(Files.readAllBytes(delta.slot("B").resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(full.slot("B").resolve(file)));
        }
        assertThat(Files.readAllBytes(delta.slot("B").resolve("kubesolo-os.gz")))
                .isEqualTo(Files.readAllBytes(v2));
        try (Stream<Path> files = Files.list(delta.slot("B"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("vmlinuz", "kubesolo-os.gz", "version");
        }
    }

    /** A newc cpio archive of {@code tree}, gzip'd, then made rsyncable by {@code recompress}; checked with zcat and cpio. */
    private Path initramfs(Path tree, String name) throws Exception {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
            }
        }
        Path plain = temp.resolve(name + ".plain.gz");
        Processes.output(List.of(
                "sh",
                "-c",
                "cd '" + tree + "' && find . | LC_ALL=C sort"
                        + " | cpio -o -H newc --reproducible --quiet | gzip -9 -n > '" + plain + "'"));
        Path rsyncable = temp.resolve(name + ".gz");
        CommandRun recompress = CommandRun.of("recompress", plain.toString(), rsyncable.toString());
        assertThat(recompress.exitCode()).as(recompress.toString()).isZero();
        String listing = Processes.output(List.of("sh", "-c", "zcat '" + rsyncable + "' | cpio -t --quiet"));
        assertThat(listing).contains("usr/lib/changing", "usr/lib/3/file23");
        String same = Processes.output(
                List.of("bash", "-c", "zcat '" + plain + "' | cmp - <(zcat '" + rsyncable + "') && echo same"));
        assertThat(same).contains("same");
        return rsyncable;
    }

    private static List<String> requests(List<String> log, String request) {
        return log.stream()
                .filter(line -> line.contains("\"" + request + " HTTP/1.1\""))
                .toList();
    }

    private static int status(String line) {
        Matcher matcher = SERVED.matcher(line);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static long bytes(String line) {
        Matcher matcher = SERVED.matcher(line);
        return matcher.find() ? Long.parseLong(matcher.group(2)) : -1;
    }

    private static String path(String repository) {
        return repository.substring(repository.indexOf('/') + 1);
    }

    private static String sha256(Path file) throws IOException {
        return Digest.of(Files.readAllBytes(file)).hex();
    }

    private static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text-like content that compresses about 3:1, as an initramfs's binaries and scripts do. */
    private static byte[] text(int length, int seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(Integer.toString(random.nextInt(1 << 20), 36)).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return out.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }
}
