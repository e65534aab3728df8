package io.kubesolo.update.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.testing.Processes;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout bucket rule as documented, the percentage's form, and the rollout gate's three answers. */
class RolloutTest {

    private static final MachineId MACHINE = new MachineId("4c4c4544005a3010804bb3c04f4a5331", MachineId.DEVICE_PATH);

    @Test
    @Tag("system")
    void theBucketIsTheDocumentedFormulaAsPythonComputesIt() throws Exception {
        List<String> ids = List.of("4c4c4544005a3010804bb3c04f4a5331", "edge-17", "0", "ünïcode-host");
        for (String version : List.of("v0.4.0", "0.4.0", "v1.0.0-rc.1")) {
            for (String id : ids) {
                // docs/operations.md gives this one-liner to operators; it must agree with the agent.
                String python = Processes.output(List.of(
                                "python3",
                                "-c",
                                "import hashlib,sys; d=hashlib.sha256((sys.argv[1]+':'+sys.argv[2]).encode()).digest();"
                                        + " print('%.2f' % (int.from_bytes(d[:8],'big') % 10000 / 100))",
                                id,
                                version))
                        .strip();
                assertThat(RolloutBucket.of(id, version)).hasToString(python);
            }
        }
    }

    @Test
    void bucketsSpreadEvenlyAndEachReleasePicksItsOwnMachines() {
        List<String> ids =
                IntStream.range(0, 20_000).mapToObj(i -> "machine-" + i).toList();
        RolloutPercent twenty = RolloutPercent.parse("20", "test");
        long in040 = ids.stream()
                .filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(twenty))
                .count();
        // Binomial(20000, 0.2): mean 4000, standard deviation 56.6; ±5 σ.
        assertThat(in040).isBetween(3717L, 4283L);
        long inBoth = ids.stream()
                .filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(twenty)
                        && RolloutBucket.of(id, "v0.5.0").isWithin(twenty))
                .count();
        // Independent picks: 4 % of machines are early for both releases (800, σ 27.7), not 20 %.
        assertThat(inBoth).isBetween(661L, 939L);
    }

    @Test
    void raisingThePercentageKeepsEveryMachineThatHadIt() {
        List<String> ids = IntStream.range(0, 2_000).mapToObj(i -> "m" + i).toList();
        List<String> at10 = new ArrayList<>();
        ids.stream()
                .filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(RolloutPercent.parse("10", "t")))
                .forEach(at10::add);
        List<String> at50 = ids.stream()
                .filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(RolloutPercent.parse("50", "t")))
                .toList();
        assertThat(at50).containsAll(at10).hasSizeGreaterThan(at10.size());
        assertThat(ids.stream().filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(RolloutPercent.EVERYONE)))
                .hasSize(2_000);
        assertThat(ids.stream().filter(id -> RolloutBucket.of(id, "v0.4.0").isWithin(RolloutPercent.parse("0", "t"))))
                .isEmpty();
    }

    @Test
    void percentagesAreZeroToHundredWithAtMostTwoDecimals() {
        assertThat(RolloutPercent.parse("20", "w").basisPoints()).isEqualTo(2000);
        assertThat(RolloutPercent.parse(" 0.5 % ", "w").basisPoints()).isEqualTo(50);
        assertThat(RolloutPercent.parse("100", "w"))
                .isEqualTo(RolloutPercent.EVERYONE)
                .hasToString("100 %");
        assertThat(RolloutPercent.of(new BigDecimal("12.50"), "w")).hasToString("12.5 %");
        for (String bad : List.of("-1", "100.01", "12.345", "twenty", "", "1e400", "NaN")) {
            assertThatThrownBy(() -> RolloutPercent.parse(bad, "latest.json rollout_percent"))
                    .isInstanceOf(UpdateException.class)
                    .hasMessageStartingWith("latest.json rollout_percent '")
                    .hasMessageEndingWith(
                            "is not a rollout percentage (a number from 0 to 100 with at most two decimals, e.g. 20 or 0.5)");
        }
    }

    @Test
    void theGateAllowsHoldsBackOrIsOverridden() {
        RolloutBucket bucket = RolloutBucket.of(MACHINE.value(), "v0.4.0");
        String above = new BigDecimal(bucket.basisPoints() + 1).movePointLeft(2).toPlainString();
        String below = new BigDecimal(bucket.basisPoints()).movePointLeft(2).toPlainString();

        Decision in = new RolloutGate(() -> MACHINE, false).evaluate(release(Optional.of(above)));
        assertThat(in.allowed()).isTrue();
        assertThat(in.detail()).contains("this machine's bucket is " + bucket + " (from /etc/machine-id)");

        Decision out = new RolloutGate(() -> MACHINE, false).evaluate(release(Optional.of(below)));
        assertThat(out.verdict()).isEqualTo(Decision.Verdict.HELD_BACK);
        assertThat(out.refused()).isFalse();
        assertThat(out.message())
                .startsWith("not yet: held back by the rollout gate: release is rolled out to ")
                .endsWith("this machine's bucket is " + bucket + " (from /etc/machine-id)");

        assertThat(new RolloutGate(() -> MACHINE, true)
                        .evaluate(release(Optional.of(below)))
                        .detail())
                .endsWith("(--ignore-rollout)");
        assertThat(new RolloutGate(() -> MACHINE, false)
                        .evaluate(release(Optional.empty()))
                        .detail())
                .startsWith("release is for every machine");
    }

    @Test
    void machineIdFromTheDeviceElseTheHostNameWithAWarning(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "edge-17\n");
        List<String> warnings = new ArrayList<>();

        MachineId fallback = MachineId.of(DeviceRoot.of(root), warnings::add);
        assertThat(fallback.value()).isEqualTo("edge-17");
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("no machine id in")
                .contains("host name 'edge-17'");

        Files.writeString(root.resolve("etc/machine-id"), "uninitialized\n");
        assertThat(MachineId.of(DeviceRoot.of(root), warnings::add).value()).isEqualTo("edge-17");

        Files.writeString(root.resolve("etc/machine-id"), "4c4c4544005a3010804bb3c04f4a5331\n");
        warnings.clear();
        assertThat(MachineId.of(DeviceRoot.of(root), warnings::add)).isEqualTo(MACHINE);
        assertThat(warnings).isEmpty();
    }

    private static Release release(Optional<String> percent) {
        return new Release(
                ReleaseMetadataBuilder.version("v0.4.0")
                        .rolloutPercent(percent.map(p -> RolloutPercent.parse(p, "test")))
                        .build(),
                List.of());
    }
}
