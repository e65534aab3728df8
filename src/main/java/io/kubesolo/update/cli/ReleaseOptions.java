package io.kubesolo.update.cli;

import io.kubesolo.update.RolloutPercent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What {@code publish} and {@code push} both describe a release with: its two files and the
 * metadata devices gate on. The architecture is the commands' own (required for a push, which
 * is per architecture; optional in latest.json).
 */
final class ReleaseOptions {

    // No mixinStandardHelpOptions on these commands: its --version would clash with the release's --version.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--kernel", required = true, paramLabel = "FILE", description = "Kernel image (vmlinuz).")
    Path kernel;

    @Option(names = "--initramfs", required = true, paramLabel = "FILE", description = "Initramfs (kubesolo-os.gz).")
    Path initramfs;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Release version, e.g. v0.3.0.")
    String version;

    @Option(names = "--channel", paramLabel = "NAME", description = "Channel of the release, e.g. stable.")
    String channel;

    @Option(
            names = "--min-compatible-version",
            paramLabel = "VERSION",
            description = "Oldest running version that may install this release.")
    String minCompatibleVersion;

    @Option(names = "--release-notes", paramLabel = "TEXT", description = "Release notes.")
    String releaseNotes;

    @Option(names = "--release-date", paramLabel = "RFC3339", description = "Release date, e.g. 2026-05-01T12:00:00Z.")
    String releaseDate;

    @Option(
            names = "--expires-in",
            paramLabel = "PERIOD",
            converter = ValidityPeriod.class,
            description = "Devices refuse the release this long from now (30d, 12h, 2w, 90m; default for a signed"
                    + " release: 30d). Sign the release, or anyone can change it. Release again to extend it.")
    Duration expiresIn;

    @Option(
            names = "--no-expiry",
            description = "Sign the release without an expiry: devices take it, or a replay"
                    + " of it, forever. Not recommended.")
    boolean noExpiry;

    /**
     * How long a signed release is valid unless told otherwise: long enough that a monthly release
     * cadence never leaves a fleet without a valid release, short enough that a frozen server or a
     * replayed old release is refused within a month (docs/signatures.md).
     */
    static final Duration DEFAULT_SIGNED_VALIDITY = Duration.ofDays(30);

    @Option(
            names = "--rollout-percent",
            paramLabel = "PERCENT",
            converter = RolloutPercentConverter.class,
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

    /**
     * When the release expires: {@code --expires-in} from now; for a signed release without it,
     * {@link #DEFAULT_SIGNED_VALIDITY} unless {@code --no-expiry}; an unsigned one has none (anyone
     * could remove it).
     */
    Optional<Instant> expires(Clock clock, boolean signed, CommandLine commandLine) {
        if (noExpiry && expiresIn != null) {
            throw new ParameterException(commandLine, "--no-expiry and --expires-in contradict each other");
        }
        if (noExpiry && !signed) {
            throw new ParameterException(commandLine, "--no-expiry only means something for a signed release");
        }
        Duration period = expiresIn != null ? expiresIn : signed && !noExpiry ? DEFAULT_SIGNED_VALIDITY : null;
        return Optional.ofNullable(period).map(validity -> ValidityPeriod.expiryAfter(validity, clock));
    }

    Optional<RolloutPercent> rolloutPercent() {
        return Optional.ofNullable(rolloutPercent);
    }
}
