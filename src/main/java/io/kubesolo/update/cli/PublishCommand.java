package io.kubesolo.update.cli;

import io.kubesolo.update.publish.HttpPublisher;
import io.kubesolo.update.publish.HttpRelease;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: an HTTP release directory (latest.json, files, signatures) for any static web server. */
@Command(
        description = {
            "Write an HTTP release into DIR: VERSION/vmlinuz and VERSION/kubesolo-os.gz, latest.json naming"
                    + " them with SHA-256 digests and sizes, and with --key a raw 64-byte Ed25519 signature"
                    + " beside each file and latest.json.sig. latest.json is written last. Serve DIR with any"
                    + " static web server and point devices at it with --server."
        })
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ReleaseOptions release;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Release directory to write into.")
    Path out;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "PKCS#8 PEM Ed25519 private key to sign with.")
    Path key;

    @Option(names = "--architecture", paramLabel = "ARCH", description = "Architecture in Go's names: amd64, arm64.")
    String architecture;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Write absolute URLs under URL instead of URLs relative to latest.json.")
    URI baseUrl;

    @Override
    public Integer call() {
        Optional<SigningKey> signingKey = Optional.ofNullable(key)
                .map(file -> SigningKeys.load(file, spec.commandLine().getErr()));
        HttpRelease httpRelease = new HttpRelease(
                release.kernel,
                release.initramfs,
                release.version,
                release.channel(),
                release.minCompatibleVersion(),
                Optional.ofNullable(architecture),
                release.releaseNotes(),
                Optional.ofNullable(release.releaseDate),
                Optional.ofNullable(baseUrl),
                release.expires(Clock.systemUTC(), signingKey.isPresent(), spec.commandLine()),
                release.rolloutPercent());
        List<Path> written = new HttpPublisher(signingKey).publish(httpRelease, out);
        PrintWriter output = spec.commandLine().getOut();
        written.forEach(file -> output.println("wrote " + file));
        signingKey.ifPresent(
                k -> output.println("signed with key id " + k.publicKey().keyId()));
        output.flush();
        return ExitCodes.SUCCESS;
    }
}
