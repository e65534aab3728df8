package io.kubesolo.update.cli;

import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.oci.ContentStore;
import io.kubesolo.update.oci.ContentStores;
import io.kubesolo.update.oci.ManifestSigner;
import io.kubesolo.update.oci.Pusher;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code push}: one architecture's release as an OCI artifact, to a registry or an OCI layout directory. */
@Command(
        description = {
            "Push one architecture's release as an OCI artifact (spec §6): the kernel and initramfs as layers,"
                    + " the OCI empty config, the metadata as io.kubesolo.os.* annotations. Blobs the registry"
                    + " already has are not uploaded again. Tagged VERSION-ARCH and every --tag.",
            "--registry oci-layout:DIR writes an OCI image layout directory instead (for air-gapped machines).",
            "--sign-key attaches a signature referrer to the manifest (spec §6); --expires-in sets the expiry"
                    + " devices enforce (io.kubesolo.os.expires)."
        })
final class PushCommand implements Callable<Integer>, TakesCodedOptions {

    @Spec
    CommandSpec spec;

    @Mixin
    ReleaseOptions release;

    @Option(
            names = "--registry",
            required = true,
            paramLabel = "HOST/PATH",
            description = "Repository to push to, e.g. registry.example.com/kubesolo/os, or oci-layout:DIR.")
    String registry;

    final RegistryAccessOptions access = new RegistryAccessOptions();

    @Option(
            names = "--architecture",
            required = true,
            paramLabel = "ARCH",
            description = "Architecture in Go's names: amd64, arm64.")
    String architecture;

    @Option(names = "--tag", paramLabel = "TAG", description = "Further tag for the manifest, repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--sign-key",
            paramLabel = "KEY.pem",
            description = "PKCS#8 PEM Ed25519 private key: sign the manifest with a signature referrer.")
    Path signKey;

    @Override
    public void addCodedOptions(CommandSpec model) {
        access.addTo(model);
    }

    @Override
    public Integer call() {
        Optional<SigningKey> key = Optional.ofNullable(signKey)
                .map(file -> SigningKeys.load(file, spec.commandLine().getErr()));
        ReleaseMetadata metadata = new ReleaseMetadata(
                release.version,
                release.channel(),
                release.minCompatibleVersion(),
                Optional.of(architecture),
                release.releaseNotes(),
                Optional.ofNullable(release.releaseDate).map(this::parseDate),
                release.expires(Clock.systemUTC(), key.isPresent(), spec.commandLine()),
                release.rolloutPercent());
        ContentStore store = ContentStores.open(
                registry,
                path -> path,
                access.forBuildMachine(System.getenv(), Path.of(System.getProperty("user.home"))));
        Pusher.Pushed pushed = new Pusher(store).push(release.kernel, release.initramfs, metadata, tags);
        PrintWriter out = spec.commandLine().getOut();
        for (String tag : pushed.tags()) {
            out.println("pushed " + store.describe() + ":" + tag + " "
                    + pushed.manifest().digest());
        }
        metadata.expires().ifPresent(expires -> out.println("expires " + expires));
        if (key.isPresent()) {
            SignCommand.report(out, store, new ManifestSigner(store, key.get()).signManifest(pushed.manifest()));
            out.println("key id: " + key.get().publicKey().keyId());
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private Instant parseDate(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--release-date '" + text + "' is not an RFC 3339 date such as 2026-05-01T12:00:00Z");
        }
    }
}
