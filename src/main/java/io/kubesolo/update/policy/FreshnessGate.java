package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Freshness: a release whose signed metadata carries an expiry ({@code io.kubesolo.os.expires} on
 * the OCI source, {@code expires} in {@code latest.json}) is refused from that instant on. An
 * attacker who can replay an old, validly signed release, or freeze a tag, cannot keep a device on
 * it past its expiry. {@code --allow-expired} lets it through, for machines whose clock is known to
 * be wrong. A release without an expiry never expires.
 */
public final class FreshnessGate implements Gate {

    private final Clock clock;
    private final boolean allowExpired;

    public FreshnessGate(Clock clock, boolean allowExpired) {
        this.clock = clock;
        this.allowExpired = allowExpired;
    }

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public Decision evaluate(Release release) {
        Optional<Instant> expires = release.metadata().expires();
        if (expires.isEmpty()) {
            return Decision.allow(name(), "release " + release.metadata().version() + " has no expiry");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isBefore(expires.get())) {
            return Decision.allow(name(), "release expires " + expires.get() + ", now " + now);
        }
        String detail = "release " + release.metadata().version() + " expired at " + expires.get() + ", now " + now;
        return allowExpired
                ? Decision.allow(name(), detail + " (--allow-expired)")
                : Decision.refuse(
                        name(),
                        detail + "; a stale or replayed release? If this machine's clock is wrong,"
                                + " pass --allow-expired");
    }
}
