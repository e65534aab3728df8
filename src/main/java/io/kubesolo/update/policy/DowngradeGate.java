package io.kubesolo.update.policy;

import io.kubesolo.update.Release;
import java.util.Optional;

/**
 * Downgrade protection: a release older than the running version is refused unless
 * {@code --allow-downgrade}; a release of the running version means there is nothing to do
 * ({@link Decision.Verdict#UP_TO_DATE}) unless {@code --reinstall}. With no known running version
 * every release is an upgrade.
 */
public final class DowngradeGate implements Gate {

    private final Optional<Version> running;
    private final boolean allowDowngrade;
    private final boolean reinstall;

    public DowngradeGate(Optional<Version> running, boolean allowDowngrade, boolean reinstall) {
        this.running = running;
        this.allowDowngrade = allowDowngrade;
        this.reinstall = reinstall;
    }

    @Override
    public String name() {
        return "downgrade protection";
    }

    @Override
    public Decision evaluate(Release release) {
        Version target = Version.parse(release.metadata().version(), "the release's version");
        if (running.isEmpty()) {
            return Decision.allow(name(), "release " + target + ", running version unknown");
        }
        int order = target.compareTo(running.get());
        String detail = "release " + target + ", running " + running.get();
        if (order > 0) {
            return Decision.allow(name(), detail);
        }
        if (order == 0) {
            return reinstall
                    ? Decision.allow(name(), detail + " (--reinstall)")
                    : Decision.upToDate(name(), "running " + running.get() + ", the release is " + target);
        }
        return allowDowngrade
                ? Decision.allow(name(), detail + " (--allow-downgrade)")
                : Decision.refuse(name(), detail + " is a downgrade; pass --allow-downgrade to install it");
    }
}
