package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.oci.LocalRegistry;
import io.kubesolo.update.policy.RolloutBucket;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet behaviour on the OCI source against a real registry, counted in its access log: the
 * rollout percentage travels as an annotation, a repeated check of an unchanged tag is one HEAD
 * request, and an apply whose passive slot already holds the release downloads no blob.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PhasedRolloutOverOciTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    @TempDir
    Path temp;

    private SimulatedDevice device;
    private String repository;

    @BeforeEach
    void setUp() throws Exception {
        device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        device.writeConf("architecture=amd64\n");
        repository = REGISTRY.host() + "/fleet/"
                + temp.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        push("v0.4.0", "20");
    }

    private void push(String version, String percent) throws Exception {
        Path kernel = Files.writeString(temp.resolve("vmlinuz-" + version), ("kernel " + version + temp).repeat(300));
        Path initramfs =
                Files.writeString(temp.resolve("initramfs-" + version), ("initramfs " + version + temp).repeat(300));
        ReleasePush.of(repository, kernel, initramfs, version)
                .tags()
                .flags("--rollout-percent", percent)
                .run();
        CommandRun index = CommandRun.of(
                "index", "--registry", repository, "--plain-http", "--tag", "stable", "--from", version + "-amd64");
        assertThat(index.exitCode()).as(index.toString()).isZero();
    }

    private void setMachineId(boolean inside) throws Exception {
        String id = IntStream.range(0, 1000)
                .mapToObj(i -> String.format("%032x", i))
                .filter(candidate -> (RolloutBucket.of(candidate, "v0.4.0").basisPoints() < 2000) == inside)
                .findFirst()
                .orElseThrow();
        device.install("/etc/machine-id", (id + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private CommandRun run(String command, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                command,
                "--root",
                device.root().toString(),
                "--registry",
                repository,
                "--tag",
                "stable",
                "--plain-http"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** Registry access log lines since {@code from} for requests like "HEAD /v2/<repo>/manifests/". */
    private long served(int from, String method, String pathPart) {
        String path = "/v2/" + repository.substring(repository.indexOf('/') + 1) + pathPart;
        List<String> log = REGISTRY.log();
        return log.subList(from, log.size()).stream()
                .filter(line -> line.contains("\"" + method + " " + path))
                .count();
    }

    @Test
    void theAnnotationHoldsBackAMachineOutsideTheRollout() throws Exception {
        setMachineId(false);

        CommandRun apply = run("apply");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).startsWith("not yet: held back by the rollout gate: release is rolled out to 20 %");
        assertThat(device.hasState()).isFalse();
        device.assertPassiveNotComplete();
    }

    @Test
    void aRepeatedCheckOfAnUnchangedTagIsOneHeadRequest() throws Exception {
        setMachineId(true);
        assertThat(run("check").exitCode()).isZero();
        int before = REGISTRY.log().size();

        CommandRun again = run("check");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("update available: v0.3.0 -> v0.4.0");
        assertThat(served(before, "HEAD", "/manifests/stable")).isEqualTo(1);
        assertThat(served(before, "GET", "/manifests/")).isZero();
        assertThat(served(before, "GET", "/blobs/")).isZero();

        // A new release under the tag: the HEAD shows another digest, and the manifests are fetched.
        push("v0.5.0", "100");
        int afterPush = REGISTRY.log().size();
        CommandRun changed = run("check");
        assertThat(changed.out()).contains("update available: v0.3.0 -> v0.5.0");
        assertThat(served(afterPush, "GET", "/manifests/stable")).isEqualTo(1);
    }

    @Test
    void anApplyWhoseSlotHoldsTheReleaseDownloadsNoBlob() throws Exception {
        setMachineId(true);
        CommandRun first = run("apply");
        assertThat(first.out()).as(first.toString()).startsWith("staged v0.4.0 into slot B");
        int before = REGISTRY.log().size();

        CommandRun second = run("apply");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).startsWith("slot B already holds v0.4.0; nothing downloaded");
        assertThat(served(before, "GET", "/blobs/")).isZero();
        assertThat(served(before, "GET", "/manifests/")).isZero();
    }
}
