package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.policy.RolloutBucket;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.PythonHttpServer;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet behaviour on the HTTP source, end to end with {@code publish} and a real python
 * http.server: a phased rollout holds back machines outside it without recording anything,
 * {@code --ignore-rollout} (not {@code --force}) takes it early, repeated checks of an unchanged
 * server are answered 304 with signatures still verified, and the splay announces its wait.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PhasedRolloutOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private PythonHttpServer server;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        out = temp.resolve("release");
        CommandRun keygen =
                CommandRun.of("keygen", "--out-dir", temp.resolve("keys").toString(), "--name", "release");
        assertThat(keygen.exitCode()).as(keygen.toString()).isZero();
        device.install("/etc/kubesolo/keys/release.pub", Files.readAllBytes(temp.resolve("keys/release.pub")));
        device.writeConf("pubkey=/etc/kubesolo/keys/release.pub\n");
        publish("v0.4.0", "20");
        server = PythonHttpServer.serve(out);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void publish(String version, String percent) throws Exception {
        Path kernel = Files.writeString(temp.resolve("vmlinuz-" + version), ("kernel " + version).repeat(300));
        Path initramfs = Files.writeString(temp.resolve("initramfs-" + version), ("initramfs " + version).repeat(300));
        CommandRun run = CommandRun.of(
                "publish",
                "--kernel",
                kernel.toString(),
                "--initramfs",
                initramfs.toString(),
                "--version",
                version,
                "--out",
                out.toString(),
                "--key",
                temp.resolve("keys/release.key").toString(),
                "--rollout-percent",
                percent);
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    /** A machine id whose bucket for v0.4.0 is inside (or outside) a 20 % rollout. */
    private String machineId(boolean inside) {
        return IntStream.range(0, 1000)
                .mapToObj(i -> String.format("%032x", i))
                .filter(id -> (RolloutBucket.of(id, "v0.4.0").basisPoints() < 2000) == inside)
                .findFirst()
                .orElseThrow();
    }

    private void setMachineId(String id) throws Exception {
        device.install("/etc/machine-id", (id + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private CommandRun run(String command, String... extra) {
        List<String> args =
                new ArrayList<>(List.of(command, "--root", device.root().toString(), "--server", server.url()));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void aMachineOutsideTheRolloutIsHeldBackAndNothingIsRecorded() throws Exception {
        String id = machineId(false);
        setMachineId(id);

        CommandRun apply = run("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out())
                .startsWith("not yet: held back by the rollout gate: release is rolled out to 20 % "
                        + "(buckets below 20), this machine's bucket is " + RolloutBucket.of(id, "v0.4.0")
                        + " (from /etc/machine-id)");
        assertThat(device.hasState()).isFalse();
        device.assertPassiveNotComplete();

        CommandRun forced = run("apply", "--force");
        assertThat(forced.out()).startsWith("not yet: held back by the rollout gate");
        device.assertPassiveNotComplete();

        CommandRun early = run("apply", "--ignore-rollout");
        assertThat(early.exitCode()).as(early.toString()).isZero();
        assertThat(early.out()).startsWith("staged v0.4.0 into slot B");
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
    }

    @Test
    void checkReportsTheBucketAndThePercentage() throws Exception {
        String id = machineId(false);
        setMachineId(id);

        CommandRun check = run("check", "--json");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        JsonNode report = JSON.readTree(check.out());
        assertThat(report.get("held_back").asBoolean()).isTrue();
        assertThat(report.get("update_available").asBoolean()).isFalse();
        assertThat(report.at("/rollout/percent").decimalValue()).isEqualByComparingTo("20");
        assertThat(report.at("/rollout/bucket").decimalValue())
                .isEqualByComparingTo(RolloutBucket.of(id, "v0.4.0").toString());
        assertThat(report.at("/rollout/included").asBoolean()).isFalse();
        assertThat(report.at("/rollout/machine_id_source").asText()).isEqualTo("/etc/machine-id");
        assertThat(report.get("gates")).anySatisfy(gate -> {
            assertThat(gate.get("gate").asText()).isEqualTo("rollout");
            assertThat(gate.get("verdict").asText()).isEqualTo("held_back");
        });

        CommandRun bucket = CommandRun.of(
                "rollout-bucket", "--root", device.root().toString(), "--version", "v0.4.0", "--percent", "20");
        assertThat(bucket.out()).isEqualTo(RolloutBucket.of(id, "v0.4.0") + " " + id + " waits\n");
    }

    @Test
    void aMachineInsideTheRolloutUpdatesAndWideningKeepsIt() throws Exception {
        setMachineId(machineId(true));

        CommandRun apply = run("apply");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).startsWith("staged v0.4.0 into slot B");
        assertThat(JSON.readTree(Files.readString(temp.resolve("release/latest.json")))
                        .get("rollout_percent")
                        .asText())
                .isEqualTo("20");
    }

    @Test
    void repeatedChecksOfAnUnchangedServerAre304sAndStillVerified() throws Exception {
        setMachineId(machineId(true));
        datePublishedFiles(Instant.now().minusSeconds(60));

        for (int i = 0; i < 3; i++) {
            CommandRun check = run("check");
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(check.out()).contains("update available: v0.3.0 -> v0.4.0");
        }

        // Three checks: the documents travel once; after that the server answers 304 Not Modified.
        for (String path :
                List.of("/latest.json", "/latest.json.sig", "/v0.4.0/vmlinuz.sig", "/v0.4.0/kubesolo-os.gz.sig")) {
            assertThat(server.count("GET " + path, 200))
                    .as(path + "\n" + server.log())
                    .isEqualTo(1);
            assertThat(server.count("GET " + path, 304))
                    .as(path + "\n" + server.log())
                    .isEqualTo(2);
        }

        // A new release is seen at once (python's Last-Modified counts seconds: the files are dated later).
        publish("v0.5.0", "100");
        for (String file : List.of("latest.json", "latest.json.sig")) {
            Files.setLastModifiedTime(
                    out.resolve(file), FileTime.from(Instant.now().plusSeconds(10)));
        }
        CommandRun check = run("check");
        assertThat(check.out()).contains("update available: v0.3.0 -> v0.5.0");
        assertThat(server.count("GET /latest.json", 200)).isEqualTo(2);
    }

    /**
     * A Last-Modified not before the response's Date is a weak validator (RFC 9110 §8.8.2.2): a
     * file replaced within that second keeps its date, and a 304 to it would keep serving the old
     * release. python's http.server sends no ETag, only the file's date.
     */
    @Test
    void aLastModifiedNoEarlierThanTheResponseIsNotUsedForConditionalRequests() throws Exception {
        setMachineId(machineId(true));
        Instant sameSecond = Instant.now().plusSeconds(30);
        datePublishedFiles(sameSecond);
        assertThat(run("check").out()).contains("update available: v0.3.0 -> v0.4.0");

        publish("v0.5.0", "100");
        datePublishedFiles(sameSecond);
        CommandRun check = run("check");
        assertThat(check.out()).as(check.toString()).contains("update available: v0.3.0 -> v0.5.0");
        assertThat(server.count("GET /latest.json", 304))
                .as(String.join("\n", server.log()))
                .isZero();
    }

    private void datePublishedFiles(Instant when) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(when));
            }
        }
    }

    @Test
    void aCachedCopyThatNoLongerVerifiesIsFetchedAgain() throws Exception {
        setMachineId(machineId(true));
        // Published a minute ago: a Last-Modified in the second of the response is no validator to cache by.
        datePublishedFiles(Instant.now().minusSeconds(60));
        assertThat(run("check").exitCode()).isZero();
        // The cache holds a tampered latest.json with a digest that matches it (so it is not merely damaged).
        Path cache = device.stateFile().resolveSibling("fetch-cache.json");
        JsonNode entries = JSON.readTree(Files.readString(cache));
        com.fasterxml.jackson.databind.node.ObjectNode entry = (com.fasterxml.jackson.databind.node.ObjectNode)
                entries.get("entries").get("GET " + server.url() + "/latest.json");
        byte[] tampered = new String(entry.get("body").binaryValue(), StandardCharsets.UTF_8)
                .replace("v0.4.0/vmlinuz\"", "v0.4.0/kubesolo-os.gz\"")
                .getBytes(StandardCharsets.UTF_8);
        entry.put("body", tampered)
                .put("sha256", io.kubesolo.update.verify.Digest.of(tampered).hex());
        Files.writeString(cache, JSON.writeValueAsString(entries));

        CommandRun check = run("check");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).contains("update available: v0.3.0 -> v0.4.0");
        assertThat(server.count("GET /latest.json", 200)).isEqualTo(2);
    }

    @Test
    void aCorruptCacheIsIgnoredWithAWarning() throws Exception {
        setMachineId(machineId(true));
        Files.createDirectories(device.stateFile().getParent());
        Files.writeString(device.stateFile().resolveSibling("fetch-cache.json"), "{not json");

        CommandRun check = run("check");

        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.err()).contains("fetch-cache.json is not valid").contains("ignoring it");
    }

    @Test
    void theSplayIsAnnouncedAndForceSkipsIt() throws Exception {
        setMachineId(machineId(true));

        CommandRun splayed = run("check", "--splay", "1s");
        assertThat(splayed.exitCode()).as(splayed.toString()).isZero();
        assertThat(splayed.err())
                .containsPattern("kubesolo-update: waiting \\d+ms \\(random splay of up to 1s\\) "
                        + "before contacting the update source; --splay 0 or --force skips it");

        device.writeConf("pubkey=/etc/kubesolo/keys/release.pub\nsplay=1s\n");
        assertThat(run("check").err()).contains("random splay of up to 1s");
        assertThat(run("check", "--force").err()).doesNotContain("splay");
        assertThat(run("check", "--splay", "0").err()).doesNotContain("splay");
    }
}
