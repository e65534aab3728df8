package io.kubesolo.update.attempt;

import io.kubesolo.update.Release;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.stage.StagingResult;
import java.util.Optional;

/**
 * How an {@code apply} that was not refused ended.
 *
 * @param release  the release the source offered
 * @param decision the gates' verdict: an allow, "already up to date" or "held back" by a phased
 *                 rollout (then nothing was written)
 * @param staging  what staging did; empty when nothing was staged or the slot already held the release
 */
public record ApplyResult(Release release, Decision decision, Optional<StagingResult> staging) {

    public boolean upToDate() {
        return decision.verdict() == Decision.Verdict.UP_TO_DATE;
    }

    public boolean heldBack() {
        return decision.verdict() == Decision.Verdict.HELD_BACK;
    }
}
