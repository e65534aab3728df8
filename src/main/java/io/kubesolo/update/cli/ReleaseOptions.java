package io.kubesolo.update.cli;

import io.kubesolo.update.RolloutPercent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code publish} and {@code push} both describe a release with: its two files and the
 * metadata devices gate on. The architecture is the commands' own (required for a push, which
 * is per architecture; optional in latest.json).
 */
final class ReleaseOptions {

    // No mixinStandardHelpOptions on these commands: its --version would clash with the release's --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--kernel", required = true, paramLabel = "FILE", description = "Kernel image (vmlinuz).")
    Path kernel;

    @Option(names = "--initramfs", required = true, paramLabel = "FILE", description = "Initramfs (kubesolo-os.gz).")
    Path initramfs;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Release version, e.g. v0.3.0.")
    String version;

    @Option(names = "--channel", paramLabel = "NAME", description = "Channel of the release, e.g. stable.")
    String channel;

    @Option(names = "--min-compatible-version", paramLabel = "VERSION",
            description = "Oldest running version that may install this release.")
    String minCompatibleVersion;

    @Option(names = "--release-notes", paramLabel = "TEXT", description = "Release notes.")
    String releaseNotes;

    @Option(names = "--release-date", paramLabel = "RFC3339", description = "Release date, e.g. 2026-05-01T12:00:00Z.")
    String releaseDate;

    @Option(names = "--expires-in", paramLabel = "PERIOD", converter = ValidityPeriod.class,
            description = "Devices refuse the release this long from now (30d, 12h, 2w, 90m). Sign the release,"
                    + " or anyone can change it.")
    Duration expiresIn;

    @Option(names = "--rollout-percent", paramLabel = "PERCENT", converter = RolloutPercentConverter.class,
            description = "Offer the release to this share of the fleet only, 0 to 100 (phased rollout; "
                    + "default: every machine). Release again with a higher value to widen it.")
    RolloutPercent rolloutPercent;

    Optional<String> channel() {
        return Optional.ofNullable(channel);
    }

    Optional<String> minCompatibleVersion() {
        return Optional.ofNullable(minCompatibleVersion);
    }

    Optional<String> releaseNotes() {
        return Optional.ofNullable(releaseNotes);
    }

    Optional<Instant> expires(Clock clock) {
        return Optional.ofNullable(expiresIn).map(period -> ValidityPeriod.expiryAfter(period, clock));
    }

    Optional<RolloutPercent> rolloutPercent() {
        return Optional.ofNullable(rolloutPercent);
    }
}
