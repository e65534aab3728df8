package io.kubesolo.update.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.Digest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Each gate's decision and one-line message, naming both values it compared. */
class ReleaseGatesTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T08:00:00.250Z"), ZoneOffset.UTC);
    private static final Optional<Version> RUNNING = Optional.of(Version.parse("v0.3.0", "running"));

    @Test
    void channel() {
        assertThat(new ChannelGate(Optional.of("stable"))
                        .evaluate(release("v0.4.0"))
                        .allowed())
                .isTrue();
        assertThat(new ChannelGate(Optional.of("beta"))
                        .evaluate(release("v0.4.0"))
                        .message())
                .isEqualTo("refused by the channel gate: release channel 'stable', this device follows 'beta'");
        assertThat(new ChannelGate(Optional.empty()).evaluate(release("v0.4.0")).allowed())
                .isTrue();
    }

    @Test
    void architecture() {
        assertThat(new ArchitectureGate("amd64").evaluate(release("v0.4.0")).allowed())
                .isTrue();
        assertThat(new ArchitectureGate("arm64").evaluate(release("v0.4.0")).message())
                .isEqualTo("refused by the architecture gate: release is for amd64, this machine is arm64");
        assertThat(MachineArchitecture.fromJvm("x86_64")).isEqualTo("amd64");
        assertThat(MachineArchitecture.fromJvm("aarch64")).isEqualTo("arm64");
    }

    @Test
    void minimumVersion() {
        assertThat(new MinimumVersionGate(RUNNING).evaluate(release("v0.4.0")).allowed())
                .isTrue();
        Release needsNewer = withMinimum("v0.3.1");
        assertThat(new MinimumVersionGate(RUNNING).evaluate(needsNewer).message())
                .isEqualTo("refused by the minimum version gate: release requires at least v0.3.1, running v0.3.0");
        assertThat(new MinimumVersionGate(Optional.empty()).evaluate(needsNewer).refused())
                .isTrue();
    }

    @Test
    void downgradeAndSameVersion() {
        assertThat(new DowngradeGate(RUNNING, false, false)
                        .evaluate(release("v0.2.0"))
                        .message())
                .isEqualTo(
                        "refused by the downgrade protection gate: release v0.2.0, running v0.3.0 is a downgrade; pass "
                                + "--allow-downgrade to install it");
        assertThat(new DowngradeGate(RUNNING, true, false)
                        .evaluate(release("v0.2.0"))
                        .allowed())
                .isTrue();
        Decision same = new DowngradeGate(RUNNING, false, false).evaluate(release("v0.3.0"));
        assertThat(same.verdict()).isEqualTo(Decision.Verdict.UP_TO_DATE);
        assertThat(same.message()).isEqualTo("already up to date: running v0.3.0, the release is v0.3.0");
        assertThat(new DowngradeGate(RUNNING, false, true)
                        .evaluate(release("v0.3.0"))
                        .allowed())
                .isTrue();
        assertThat(new DowngradeGate(RUNNING, false, false)
                        .evaluate(release("v0.3.0-rc.1"))
                        .refused())
                .isTrue();
    }

    @Test
    void freeSpaceNeedsTenPercentHeadroom() {
        Release release = release("v0.4.0"); // 1000 + 2000 bytes
        assertThat(new FreeSpaceGate(space(3300)).evaluate(release).allowed()).isTrue();
        assertThat(new FreeSpaceGate(space(3299)).evaluate(release).message())
                .isEqualTo("refused by the free space gate: needs 3300 bytes (release 3000 + 10 %), slot B has 3299");
    }

    @Test
    void nodeBlockLabel() {
        NodeLabels blocked = () -> Optional.of(Map.of(NodeBlockGate.LABEL, "true"));
        assertThat(new NodeBlockGate(blocked, false).evaluate(release("v0.4.0")).message())
                .isEqualTo("refused by the node block label gate: the node is labelled updates.kubesolo.io/block=true, "
                        + "updates need it absent or not true");
        assertThat(new NodeBlockGate(blocked, true).evaluate(release("v0.4.0")).allowed())
                .isTrue();
        assertThat(new NodeBlockGate(NodeLabels.noCluster(), false)
                        .evaluate(release("v0.4.0"))
                        .detail())
                .isEqualTo("skipped, no cluster reachable");
        NodeLabels unblocked = () -> Optional.of(Map.of(NodeBlockGate.LABEL, "false"));
        assertThat(new NodeBlockGate(unblocked, false)
                        .evaluate(release("v0.4.0"))
                        .allowed())
                .isTrue();
    }

    @Test
    void theChainStopsAtTheFirstGateThatSaysNo() {
        GateSettings settings = new GateSettings(
                Optional.of("beta"),
                "riscv64",
                RUNNING,
                false,
                false,
                false,
                false,
                () -> new MachineId("0123456789abcdef0123456789abcdef", MachineId.DEVICE_PATH),
                false);
        GateChain chain = GateChain.standard(settings, space(0), NodeLabels.noCluster(), NOW);

        assertThat(chain.evaluate(release("v0.4.0")).gate()).isEqualTo("channel");
        assertThat(chain.evaluate(expiring("2026-11-30T23:59:59Z")).gate()).isEqualTo("freshness");
        assertThat(chain.evaluateAll(release("v0.4.0")))
                .extracting(Decision::gate)
                .containsExactly(
                        "freshness",
                        "channel",
                        "architecture",
                        "minimum version",
                        "downgrade protection",
                        "rollout",
                        "free space",
                        "node block label");
        assertThat(chain.evaluateAll(release("v0.4.0")).stream().filter(Decision::refused))
                .hasSize(3);
    }

    @Test
    void freshness() {
        Decision expired = new FreshnessGate(NOW, false).evaluate(expiring("2026-11-30T23:59:59Z"));
        assertThat(expired.refused()).isTrue();
        assertThat(expired.message())
                .isEqualTo("refused by the freshness gate: release v0.4.0 expired at "
                        + "2026-11-30T23:59:59Z, now 2026-12-01T08:00:00Z; a stale or replayed release? If this machine's clock"
                        + " is wrong, pass --allow-expired");
        assertThat(new FreshnessGate(NOW, false)
                        .evaluate(expiring("2026-12-01T08:00:00Z"))
                        .refused())
                .as("expired from the instant it names")
                .isTrue();
        assertThat(new FreshnessGate(NOW, true)
                        .evaluate(expiring("2026-11-30T23:59:59Z"))
                        .detail())
                .endsWith("(--allow-expired)");
        Decision fresh = new FreshnessGate(NOW, false).evaluate(expiring("2026-12-31T00:00:00Z"));
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.detail()).isEqualTo("release expires 2026-12-31T00:00:00Z, now 2026-12-01T08:00:00Z");
        assertThat(new FreshnessGate(NOW, false).evaluate(release("v0.4.0")).detail())
                .isEqualTo("release v0.4.0 has no expiry");
    }

    private static Release expiring(String instant) {
        Release plain = release("v0.4.0");
        ReleaseMetadata m = plain.metadata();
        return new Release(
                ReleaseMetadataBuilder.from(m)
                        .expires(Optional.of(Instant.parse(instant)))
                        .build(),
                plain.artifacts());
    }

    private static SlotSpace space(long bytes) {
        return new SlotSpace() {
            @Override
            public long availableBytes() {
                return bytes;
            }

            @Override
            public String describe() {
                return "slot B";
            }
        };
    }

    private static Release release(String version) {
        return release(version, Optional.empty());
    }

    private static Release withMinimum(String minimum) {
        return release("v0.4.0", Optional.of(minimum));
    }

    private static Release release(String version, Optional<String> minimum) {
        ReleaseMetadata metadata = ReleaseMetadataBuilder.version(version)
                .channel("stable")
                .minCompatibleVersion(minimum)
                .architecture("amd64")
                .build();
        return new Release(
                metadata,
                List.of(
                        new Artifact(
                                SlotFile.KERNEL,
                                URI.create("http://x/vmlinuz"),
                                Digest.parseHex("0".repeat(64)),
                                OptionalLong.of(1000),
                                Optional.empty()),
                        new Artifact(
                                SlotFile.INITRAMFS,
                                URI.create("http://x/kubesolo-os.gz"),
                                Digest.parseHex("0".repeat(64)),
                                OptionalLong.of(2000),
                                Optional.empty())));
    }
}
