package io.kubesolo.update.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpdateStateTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-27T11:00:00Z");

    @Test
    void startingAnAttemptStampsAndCounts() {
        UpdateState state = UpdateState.initial().startAttempt("v0.2.0", "v0.3.0", T0);
        assertThat(state.phase()).isEqualTo(Phase.CHECKING);
        assertThat(state.startedAt()).isEqualTo(T0);
        assertThat(state.updatedAt()).isEqualTo(T0);
        assertThat(state.attemptCount()).isEqualTo(1);
    }

    @Test
    void retryingTheSameTargetCountsUpAndANewTargetResets() {
        UpdateState failed =
                UpdateState.initial().startAttempt("v0.2.0", "v0.3.0", T0).fail("cut", T0);
        UpdateState retry = failed.startAttempt("v0.2.0", "v0.3.0", T1);
        assertThat(retry.attemptCount()).isEqualTo(2);
        assertThat(retry.lastError()).isNull();
        assertThat(retry.startAttempt("v0.2.0", "v0.4.0", T1).attemptCount()).isEqualTo(1);
    }

    @Test
    void transitionsStampUpdatedAtAndSuccessClearsTheError() {
        UpdateState failed =
                UpdateState.initial().startAttempt("v0.2.0", "v0.3.0", T0).fail("boom", T0);
        assertThat(failed.lastError()).isEqualTo("boom");
        UpdateState success = failed.moveTo(Phase.VERIFYING, T1).succeed(T1);
        assertThat(success.phase()).isEqualTo(Phase.SUCCESS);
        assertThat(success.lastError()).isNull();
        assertThat(success.updatedAt()).isEqualTo(T1);
        assertThat(success.startedAt()).isEqualTo(T0);
    }

    @Test
    void phaseWireNamesAreTheSpecNames() {
        assertThat(Phase.values())
                .extracting(Phase::wireName)
                .containsExactly(
                        "idle",
                        "checking",
                        "downloading",
                        "staged",
                        "activated",
                        "verifying",
                        "success",
                        "rolled_back",
                        "failed");
    }
}
