package io.kubesolo.update.cli;

import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.release.HttpPublisher;
import io.kubesolo.update.release.HttpRelease;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: an HTTP release directory (latest.json, files, signatures) for any static web server. */
@Command(name = "publish",
        description = {
            "Write an HTTP release into DIR: VERSION/vmlinuz and VERSION/kubesolo-os.gz, latest.json naming"
                    + " them with SHA-256 digests and sizes, and with --key a raw 64-byte Ed25519 signature"
                    + " beside each file and latest.json.sig. latest.json is written last. Serve DIR with any"
                    + " static web server and point devices at it with --server."})
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // No mixinStandardHelpOptions: its --version would clash with the release's --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--kernel", required = true, paramLabel = "FILE", description = "Kernel image (vmlinuz).")
    Path kernel;

    @Option(names = "--initramfs", required = true, paramLabel = "FILE", description = "Initramfs (kubesolo-os.gz).")
    Path initramfs;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "Release version, e.g. v0.3.0.")
    String version;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Release directory to write into.")
    Path out;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "PKCS#8 PEM Ed25519 private key to sign with.")
    Path key;

    @Option(names = "--channel", paramLabel = "NAME", description = "Channel of the release, e.g. stable.")
    String channel;

    @Option(names = "--min-compatible-version", paramLabel = "VERSION",
            description = "Oldest running version that may install this release.")
    String minCompatibleVersion;

    @Option(names = "--architecture", paramLabel = "ARCH", description = "Architecture in Go's names: amd64, arm64.")
    String architecture;

    @Option(names = "--release-notes", paramLabel = "TEXT", description = "Release notes.")
    String releaseNotes;

    @Option(names = "--release-date", paramLabel = "RFC3339", description = "Release date, e.g. 2026-05-01T12:00:00Z.")
    String releaseDate;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Write absolute URLs under URL instead of URLs relative to latest.json.")
    URI baseUrl;

    @Option(names = "--expires-in", paramLabel = "PERIOD", converter = ValidityPeriod.class,
            description = "Write 'expires' into latest.json this long from now (30d, 12h, 2w, 90m): devices refuse"
                    + " the release from then on. Sign it with --key, or anyone can change it.")
    Duration expiresIn;

    @Option(names = "--rollout-percent", paramLabel = "PERCENT", converter = RolloutPercentConverter.class,
            description = "Offer the release to this share of the fleet only, 0 to 100 (phased rollout; "
                    + "default: every machine). Publish again with a higher value to widen it.")
    RolloutPercent rolloutPercent;

    @Override
    public Integer call() {
        HttpRelease release = new HttpRelease(kernel, initramfs, version, Optional.ofNullable(channel),
                Optional.ofNullable(minCompatibleVersion), Optional.ofNullable(architecture),
                Optional.ofNullable(releaseNotes), Optional.ofNullable(releaseDate), Optional.ofNullable(baseUrl),
                Optional.ofNullable(expiresIn).map(period -> ValidityPeriod.expiryAfter(period, Clock.systemUTC())),
                Optional.ofNullable(rolloutPercent));
        Optional<SigningKey> signingKey = Optional.ofNullable(key).map(SigningKey::load);
        List<Path> written = new HttpPublisher(signingKey).publish(release, out);
        PrintWriter output = spec.commandLine().getOut();
        written.forEach(file -> output.println("wrote " + file));
        signingKey.ifPresent(k -> output.println("signed with key id " + k.publicKey().keyId()));
        output.flush();
        return ExitCodes.SUCCESS;
    }
}
