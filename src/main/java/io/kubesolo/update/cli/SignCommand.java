package io.kubesolo.update.cli;

import io.kubesolo.update.oci.ContentStore;
import io.kubesolo.update.oci.ContentStores;
import io.kubesolo.update.oci.ManifestSigner;
import io.kubesolo.update.oci.Platform;
import io.kubesolo.update.publish.FileSigner;
import io.kubesolo.update.publish.SignatureFormat;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sign}: detached Ed25519 signatures of release files, or signature referrers of an OCI release. */
@Command(
        mixinStandardHelpOptions = true,
        description = {
            "Sign the exact bytes of each FILE with an Ed25519 private key and write the detached"
                    + " signature next to it as FILE.sig: the raw 64 bytes (as openssl pkeyutl -sign -rawin"
                    + " writes), or 128 hex characters with --hex.",
            "Files are streamed (read twice), never held in memory.",
            "With --registry HOST/PATH (or oci-layout:DIR) and --tag TAG instead of files: sign the OCI release"
                    + " the tag names, every per-architecture manifest of it, by attaching signature referrers"
                    + " (spec §6). Use it to add a second key's signature during a key rotation."
        })
final class SignCommand implements Callable<Integer>, TakesCodedOptions {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "KEY.pem",
            description = "PKCS#8 PEM private key (from keygen, or openssl genpkey -algorithm ed25519).")
    Path key;

    @Option(names = "--hex", description = "Write the signature as 128 hex characters instead of 64 raw bytes.")
    boolean hex;

    @Option(names = "--out", paramLabel = "SIG", description = "Signature file, instead of FILE.sig (one FILE only).")
    Path out;

    @Option(
            names = "--registry",
            paramLabel = "HOST/PATH",
            description = "Sign an OCI release in this repository (or oci-layout:DIR) instead of files.")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag of the OCI release to sign, repeatable.")
    List<String> tags = new ArrayList<>();

    final RegistryAccessOptions access = new RegistryAccessOptions();

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Files to sign.")
    List<Path> files = new ArrayList<>();

    @Override
    public void addCodedOptions(CommandSpec model) {
        access.addTo(model);
    }

    @Override
    public Integer call() {
        SigningKey signingKey;
        if (registry != null) {
            if (!files.isEmpty() || hex || out != null) {
                throw usage("--registry signs an OCI release; it takes no FILE, --hex or --out");
            }
            if (tags.isEmpty()) {
                throw usage("--registry needs --tag TAG: the release to sign");
            }
            signingKey = SigningKeys.load(key, spec.commandLine().getErr());
            signRelease(signingKey);
        } else {
            if (files.isEmpty()) {
                throw usage("give the FILEs to sign, or --registry HOST/PATH --tag TAG to sign an OCI release");
            }
            if (!tags.isEmpty()) {
                throw usage("--tag needs --registry HOST/PATH");
            }
            if (out != null && files.size() != 1) {
                throw usage("--out takes a single FILE, not " + files.size());
            }
            signingKey = SigningKeys.load(key, spec.commandLine().getErr());
            signFiles(signingKey);
        }
        PrintWriter output = spec.commandLine().getOut();
        output.println("key id: " + signingKey.publicKey().keyId());
        output.flush();
        return ExitCodes.SUCCESS;
    }

    private void signFiles(SigningKey signingKey) {
        FileSigner signer = new FileSigner(signingKey, hex ? SignatureFormat.HEX : SignatureFormat.RAW);
        PrintWriter output = spec.commandLine().getOut();
        for (Path file : files) {
            Path signatureFile = out != null ? out : FileSigner.defaultSignaturePath(file);
            signer.sign(file, signatureFile);
            output.println("signed " + file + " -> " + signatureFile);
        }
    }

    private void signRelease(SigningKey signingKey) {
        ContentStore store = ContentStores.open(
                registry,
                path -> path,
                access.forBuildMachine(System.getenv(), Path.of(System.getProperty("user.home"))));
        ManifestSigner signer = new ManifestSigner(store, signingKey);
        PrintWriter output = spec.commandLine().getOut();
        for (String tag : tags) {
            signer.signTag(tag).forEach(signed -> report(output, store, signed));
        }
    }

    /** One line per signed manifest: which, where the signature went. */
    static void report(PrintWriter out, ContentStore store, ManifestSigner.Signed signed) {
        out.println("signed " + store.describe() + "@" + signed.manifest().digest()
                + signed.platform()
                        .map(Platform::toString)
                        .map(platform -> " (" + platform + ")")
                        .orElse("")
                + ": signature " + signed.signature().digest()
                + (signed.viaReferrersApi()
                        ? " (referrers API)"
                        : " (referrers tag sha256-" + signed.manifest().digest().hex() + ")"));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
