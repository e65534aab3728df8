package io.kubesolo.update.attempt;

import io.kubesolo.update.Release;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.stage.StagingResult;
import java.util.Optional;

/**
 * How an {@code apply} that was not refused ended.
 *
 * @param release  the release the source offered
 * @param decision the gates' verdict: an allow, or "already up to date" (then nothing was written)
 * @param staging  what staging did; empty when up to date or when the slot already held the release
 */
public record ApplyResult(Release release, Decision decision, Optional<StagingResult> staging) {

    public boolean upToDate() {
        return decision.verdict() == Decision.Verdict.UP_TO_DATE;
    }
}
