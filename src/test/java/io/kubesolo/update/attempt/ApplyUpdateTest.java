package io.kubesolo.update.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.policy.Gate;
import io.kubesolo.update.policy.GateChain;
import io.kubesolo.update.policy.MaintenanceWindow;
import io.kubesolo.update.policy.MaintenanceWindowGate;
import io.kubesolo.update.policy.PendingActivationGate;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.stage.ProgressReporter;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.DirectorySlot;
import io.kubesolo.update.testing.Stagers;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply orchestrator on every path, with a source held by the test and a directory for the
 * passive slot: which states it writes, in which order, and which it leaves alone. The states are
 * observed where they matter: when the source is asked for the release, while an artifact streams,
 * and after the run.
 */
class ApplyUpdateTest {

    /** 03:00 UTC: inside the window 02:00-05:00. */
    private static final Instant IN_WINDOW = Instant.parse("2026-12-01T03:00:00Z");
    /** 12:00 UTC: outside it. */
    private static final Instant OUT_OF_WINDOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path temp;

    private StateStore store;
    private DirectorySlot passive;
    private final FakeSource source = new FakeSource();
    private final List<String> observed = new ArrayList<>();
    private Decision releaseVerdict;

    @BeforeEach
    void setUp() throws IOException {
        store = new StateStore(temp.resolve("state.json"), warning -> {});
        passive = new DirectorySlot(SlotName.B, Files.createDirectories(temp.resolve("slot-b")));
        source.offer("v0.4.0");
        releaseVerdict = null;
    }

    @Test
    void allowedReleaseGoesCheckingDownloadingStaged() throws IOException {
        ApplyResult result = apply(IN_WINDOW);

        assertThat(result.staging()).isPresent();
        assertThat(observed)
                .containsExactly(
                        "fetch: idle",
                        "open vmlinuz: downloading v0.4.0 attempt 1",
                        "open kubesolo-os.gz: downloading v0.4.0 attempt 1");
        UpdateState state = store.read();
        assertThat(state.phase()).isEqualTo(Phase.STAGED);
        assertThat(state.fromVersion()).isEqualTo("v0.3.0");
        assertThat(state.toVersion()).isEqualTo("v0.4.0");
        assertThat(state.attemptCount()).isEqualTo(1);
        assertThat(state.lastError()).isNull();
        assertThat(Files.readString(passive.directory().resolve("version"))).isEqualTo("v0.4.0\n");
    }

    @Test
    void aRefusalBeforeAnythingIsStagedIsRecordedAsFailedWithoutAnAttempt() {
        assertThatThrownBy(() -> apply(OUT_OF_WINDOW))
                .isInstanceOf(UpdateException.class)
                .hasMessageStartingWith("refused by the maintenance window gate")
                .extracting(e -> ((UpdateException) e).outcome())
                .isEqualTo(Outcome.REFUSED);

        assertThat(observed).isEmpty();
        UpdateState state = store.read();
        assertThat(state.phase()).isEqualTo(Phase.FAILED);
        assertThat(state.lastError()).startsWith("refused by the maintenance window gate");
        assertThat(state.attemptCount()).isZero();
    }

    @Test
    void aRefusalAfterAnUpdateIsStagedLeavesTheStagedStateAsItIs() {
        apply(IN_WINDOW);
        UpdateState staged = store.read();

        assertThatThrownBy(() -> apply(OUT_OF_WINDOW)).hasMessageStartingWith("refused by the maintenance window gate");
        assertThat(store.read()).isEqualTo(staged);

        source.offer("v0.5.0");
        releaseVerdict = Decision.refuse("channel", "release channel 'beta', this device follows 'stable'");
        assertThatThrownBy(() -> apply(IN_WINDOW)).hasMessageStartingWith("refused by the channel gate");
        assertThat(store.read()).isEqualTo(staged);

        source.failFetch = true;
        assertThatThrownBy(() -> apply(IN_WINDOW)).hasMessage("the update server is down");
        assertThat(store.read()).isEqualTo(staged);
    }

    @Test
    void anActivatedUpdateIsNotOverwrittenByTheRefusalOfTheNextApply() {
        apply(IN_WINDOW);
        UpdateState activated = store.read().activate(IN_WINDOW.plusSeconds(60));
        store.write(activated);

        assertThatThrownBy(() -> apply(IN_WINDOW)).hasMessageStartingWith("refused by the pending activation gate");
        assertThat(store.read()).isEqualTo(activated);
    }

    @Test
    void heldBackWritesNothing() {
        releaseVerdict = Decision.heldBack("rollout", "machine bucket 73, the release reaches 10 %");

        ApplyResult result = apply(IN_WINDOW);

        assertThat(result.heldBack()).isTrue();
        assertThat(observed).containsExactly("fetch: idle");
        assertThat(store.read()).isEqualTo(UpdateState.initial());
        assertThat(passive.directory().resolve("version")).doesNotExist();
    }

    @Test
    void aDownloadThatBreaksOffEndsTheAttemptFailed() {
        source.breakInitramfsAfter = 1000;

        assertThatThrownBy(() -> apply(IN_WINDOW))
                .isInstanceOf(UpdateException.class)
                .hasMessageContaining("connection reset");

        assertThat(observed)
                .containsExactly(
                        "fetch: idle",
                        "open vmlinuz: downloading v0.4.0 attempt 1",
                        "open kubesolo-os.gz: downloading v0.4.0 attempt 1");
        UpdateState state = store.read();
        assertThat(state.phase()).isEqualTo(Phase.FAILED);
        assertThat(state.toVersion()).isEqualTo("v0.4.0");
        assertThat(state.attemptCount()).isEqualTo(1);
        assertThat(state.lastError()).contains("connection reset");
        assertThat(passive.directory().resolve("version")).doesNotExist();

        source.breakInitramfsAfter = -1;
        observed.clear();
        apply(IN_WINDOW);
        assertThat(store.read().phase()).isEqualTo(Phase.STAGED);
        assertThat(store.read().attemptCount()).isEqualTo(2);
    }

    @Test
    void reRunningOnAnAlreadyStagedReleaseWritesNothing() {
        apply(IN_WINDOW);
        UpdateState staged = store.read();
        observed.clear();

        ApplyResult again = apply(IN_WINDOW.plusSeconds(3600));

        assertThat(again.staging()).isEmpty();
        assertThat(again.decision().allowed()).isTrue();
        assertThat(observed).containsExactly("fetch: staged");
        assertThat(store.read()).isEqualTo(staged);
    }

    @Test
    void aSlotThatHoldsTheReleaseWithoutAStagedStateIsStagedWithoutDownloading() {
        apply(IN_WINDOW);
        store.write(UpdateState.initial());
        observed.clear();

        ApplyResult again = apply(IN_WINDOW.plusSeconds(3600));

        assertThat(again.staging()).isEmpty();
        assertThat(observed).containsExactly("fetch: idle");
        assertThat(store.read().phase()).isEqualTo(Phase.STAGED);
        assertThat(store.read().startedAt()).isEqualTo(IN_WINDOW.plusSeconds(3600));
    }

    private ApplyResult apply(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        Gate verdict = new Gate() {
            @Override
            public String name() {
                return releaseVerdict == null ? "test" : releaseVerdict.gate();
            }

            @Override
            public Decision evaluate(Release release) {
                return releaseVerdict == null ? Decision.allow("test", "allowed") : releaseVerdict;
            }
        };
        return new ApplyUpdate(
                        source,
                        List.of(
                                new PendingActivationGate(store.read().phase()),
                                new MaintenanceWindowGate(
                                        MaintenanceWindow.parse("02:00-05:00"),
                                        clock.withZone(ZoneId.of("UTC")),
                                        false)),
                        space -> new GateChain(List.of(verdict)),
                        () -> passive,
                        Stagers.of(source, TrustedKeys.none(), ProgressReporter.silent()),
                        store,
                        Optional.of("v0.3.0"),
                        clock)
                .run();
    }

    private String describe(UpdateState state) {
        return state.phase()
                + (state.phase() == Phase.IDLE || state.phase() == Phase.STAGED
                        ? ""
                        : " " + state.toVersion() + " attempt " + state.attemptCount());
    }

    /** Serves one release from memory, records what the state was when it was asked, and can fail. */
    private final class FakeSource implements UpdateSource {

        private final Map<SlotFile, byte[]> files = new EnumMap<>(SlotFile.class);
        private String version;
        boolean failFetch;
        int breakInitramfsAfter = -1;

        void offer(String offered) {
            version = offered;
            files.put(SlotFile.KERNEL, (offered + " kernel ").repeat(3000).getBytes(StandardCharsets.UTF_8));
            files.put(SlotFile.INITRAMFS, (offered + " initramfs ").repeat(5000).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return "test source";
        }

        @Override
        public Release fetchRelease() {
            observed.add("fetch: " + ApplyUpdateTest.this.describe(store.read()));
            if (failFetch) {
                throw new UpdateException(Outcome.FAILED, "the update server is down");
            }
            List<Artifact> artifacts = new ArrayList<>();
            files.forEach((file, bytes) -> artifacts.add(new Artifact(
                    file,
                    URI.create("test:" + file.fileName()),
                    Digest.of(bytes),
                    OptionalLong.of(bytes.length),
                    Optional.empty())));
            return new Release(
                    ReleaseMetadataBuilder.version(version).channel("stable").build(), artifacts);
        }

        @Override
        public InputStream open(Artifact artifact, long offset) {
            observed.add("open " + artifact.slotFile().fileName() + ": " + ApplyUpdateTest.this.describe(store.read()));
            byte[] bytes = files.get(artifact.slotFile());
            InputStream stream = new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
            if (artifact.slotFile() != SlotFile.INITRAMFS || breakInitramfsAfter < 0) {
                return stream;
            }
            return new FilterInputStream(stream) {
                private long read;

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    if (read >= breakInitramfsAfter) {
                        throw new IOException("connection reset");
                    }
                    int n = super.read(buffer, off, (int) Math.min(len, breakInitramfsAfter - read));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }
    }
}
