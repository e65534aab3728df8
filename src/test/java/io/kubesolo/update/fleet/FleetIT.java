package io.kubesolo.update.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.Processes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet against one real registry: {@value #MACHINES} simulated devices, each with its own
 * machine id, run the packaged program ({@code bin/kubesolo-update}) as separate processes,
 * {@code check} and {@code apply} side by side, {@value #CONCURRENCY} at a time, against a release
 * rolled out to 20 %. Every run succeeds; the machines that take the release are exactly those
 * the documented bucket formula names (computed here independently), their number lies in the
 * binomial range, and a second round changes nothing, costing one HEAD request per run and no
 * download.
 */
@Tag("system")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FleetIT {

    static final int MACHINES = 50;
    static final int CONCURRENCY = 8;
    private static final String RELEASE = "v0.4.0";
    private static final int PERCENT = 20;
    private static final Path PROGRAM = Path.of("bin/kubesolo-update").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path temp;

    /** What one round of the fleet did: per machine, whether check said it is included and whether apply staged. */
    private record Round(Map<String, Boolean> checkIncluded, Set<String> staged, long seconds) {}

    @Test
    void aPhasedRolloutReachesThePredictedMachinesAndARerunChangesNothing() throws Exception {
        String repository = REGISTRY.host() + "/fleet/os";
        publish(repository);
        List<Path> devices = new ArrayList<>();
        Map<Path, String> machineIds = new TreeMap<>();
        for (int i = 0; i < MACHINES; i++) {
            Path device = temp.resolve(String.format("machine-%02d", i));
            String machineId =
                    HexFormat.of().formatHex(sha256("fleet-machine-" + i)).substring(0, 32);
            CommandRun init = CommandRun.of(
                    "simulate", "init", "--root", device.toString(), "--version", "v0.3.0", "--machine-id", machineId);
            assertThat(init.exitCode()).as(init.toString()).isZero();
            Files.writeString(
                    device.resolve("etc/kubesolo/update.conf"),
                    String.join(
                            "\n", "registry=" + repository, "tag=stable", "plain_http=true", "architecture=amd64", ""));
            devices.add(device);
            machineIds.put(device, machineId);
        }
        Set<String> predicted = new TreeSet<>();
        machineIds.forEach((device, id) -> {
            if (bucketBasisPoints(id, RELEASE) < PERCENT * 100) {
                predicted.add(device.getFileName().toString());
            }
        });

        Round first = round(devices);
        int[] range = binomialRange(MACHINES, PERCENT / 100.0, 0.001);
        assertThat(first.staged()).as("machines that staged the release").isEqualTo(predicted);
        assertThat(first.staged().size())
                .as("updated share of %d machines at %d %%", MACHINES, PERCENT)
                .isBetween(range[0], range[1]);
        first.checkIncluded()
                .forEach((device, included) ->
                        assertThat(included).as(device + " per check").isEqualTo(predicted.contains(device)));

        int logBefore = REGISTRY.log().size();
        Round second = round(devices);
        List<String> log = REGISTRY.log().subList(logBefore, REGISTRY.log().size());
        assertThat(second.staged()).isEqualTo(first.staged());
        assertThat(second.checkIncluded()).isEqualTo(first.checkIncluded());
        assertThat(log.stream().filter(line -> line.contains("\"GET /v2/fleet/os/blobs/")))
                .as("blob downloads")
                .isEmpty();
        assertThat(log.stream().filter(line -> line.contains("\"GET /v2/fleet/os/manifests/")))
                .as("manifest GETs")
                .isEmpty();
        assertThat(log.stream().filter(line -> line.contains("\"HEAD /v2/fleet/os/manifests/stable")))
                .as("one HEAD per run")
                .hasSize(2 * MACHINES);
        System.out.printf(
                "fleet: %d machines, %d at a time: %d staged v0.4.0 at %d %% (binomial 99.9 %% range %d..%d);"
                        + " first round %d s, second %d s%n",
                MACHINES,
                CONCURRENCY,
                first.staged().size(),
                PERCENT,
                range[0],
                range[1],
                first.seconds(),
                second.seconds());
    }

    private void publish(String repository) throws Exception {
        Path kernel = Files.writeString(temp.resolve("vmlinuz"), "fleet kernel ".repeat(20_000));
        Path initramfs = Files.writeString(temp.resolve("kubesolo-os.gz"), "fleet initramfs ".repeat(40_000));
        CommandRun push = CommandRun.of(
                "push",
                "--registry",
                repository,
                "--plain-http",
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                RELEASE,
                "--architecture",
                "amd64",
                "--rollout-percent",
                Integer.toString(PERCENT));
        assertThat(push.exitCode()).as(push.toString()).isZero();
        CommandRun index = CommandRun.of(
                "index", "--registry", repository, "--plain-http", "--tag", "stable", "--from", RELEASE + "-amd64");
        assertThat(index.exitCode()).as(index.toString()).isZero();
    }

    /** Every device runs check and apply, interleaved, CONCURRENCY processes at a time; each must exit 0. */
    private Round round(List<Path> devices) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            Map<Path, Future<Processes.Result>> checks = new TreeMap<>();
            Map<Path, Future<Processes.Result>> applies = new TreeMap<>();
            for (Path device : devices) {
                checks.put(device, pool.submit(() -> program("check", "--root", device.toString(), "--json")));
                applies.put(device, pool.submit(() -> program("apply", "--root", device.toString())));
            }
            Map<String, Boolean> included = new TreeMap<>();
            Set<String> staged = new TreeSet<>();
            for (Path device : devices) {
                Processes.Result check = checks.get(device).get(10, TimeUnit.MINUTES);
                Processes.Result apply = applies.get(device).get(10, TimeUnit.MINUTES);
                assertThat(check.exitCode())
                        .as(device + " check:\n" + check.stdout() + check.stderr())
                        .isZero();
                assertThat(apply.exitCode())
                        .as(device + " apply:\n" + apply.stdout() + apply.stderr())
                        .isZero();
                JsonNode report = JSON.readTree(check.stdout());
                included.put(
                        device.getFileName().toString(),
                        report.at("/rollout/included").asBoolean());
                Path version = device.resolve("slots/B/version");
                if (Files.exists(version) && Files.readString(version).strip().equals(RELEASE)) {
                    staged.add(device.getFileName().toString());
                }
            }
            return new Round(included, staged, (System.nanoTime() - started) / 1_000_000_000L);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Processes.Result program(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        command.addAll(List.of(arguments));
        return Processes.run(command, Map.of(), null, null);
    }

    /** The documented rule (docs/operations.md), written out here independently of the agent's code. */
    private static int bucketBasisPoints(String machineId, String version) {
        byte[] digest = sha256(machineId + ":" + version);
        byte[] first8 = new byte[8];
        System.arraycopy(digest, 0, first8, 0, 8);
        return new BigInteger(1, first8).mod(BigInteger.valueOf(10_000)).intValueExact();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The smallest and largest count of a Binomial(n, p) outside of which lies at most {@code alpha}
     * of the probability, half on each side: for n = 50, p = 0.2, alpha = 0.001 it is 2..20.
     */
    static int[] binomialRange(int n, double p, double alpha) {
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double logChoose = 0;
            for (int i = 1; i <= k; i++) {
                logChoose += Math.log(n - k + i) - Math.log(i);
            }
            pmf[k] = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p));
        }
        int low = 0;
        double below = 0;
        while (below + pmf[low] <= alpha / 2) {
            below += pmf[low++];
        }
        int high = n;
        double above = 0;
        while (above + pmf[high] <= alpha / 2) {
            above += pmf[high--];
        }
        return new int[] {low, high};
    }
}
