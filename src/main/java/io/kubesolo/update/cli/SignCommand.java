package io.kubesolo.update.cli;

import io.kubesolo.update.release.FileSigner;
import io.kubesolo.update.release.SignatureFormat;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sign}: detached Ed25519 signatures of release files. */
@Command(name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign the exact bytes of each FILE with an Ed25519 private key and write the detached"
                    + " signature next to it as FILE.sig: the raw 64 bytes (as openssl pkeyutl -sign -rawin"
                    + " writes), or 128 hex characters with --hex.",
            "Files are streamed (read twice), never held in memory."})
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem",
            description = "PKCS#8 PEM private key (from keygen, or openssl genpkey -algorithm ed25519).")
    Path key;

    @Option(names = "--hex", description = "Write the signature as 128 hex characters instead of 64 raw bytes.")
    boolean hex;

    @Option(names = "--out", paramLabel = "SIG", description = "Signature file, instead of FILE.sig (one FILE only).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to sign.")
    List<Path> files;

    @Override
    public Integer call() {
        if (out != null && files.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--out takes a single FILE, not " + files.size());
        }
        SigningKey signingKey = SigningKey.load(key);
        FileSigner signer = new FileSigner(signingKey, hex ? SignatureFormat.HEX : SignatureFormat.RAW);
        PrintWriter output = spec.commandLine().getOut();
        for (Path file : files) {
            Path signatureFile = out != null ? out : FileSigner.defaultSignaturePath(file);
            signer.sign(file, signatureFile);
            output.println("signed " + file + " -> " + signatureFile);
        }
        output.println("key id: " + signingKey.publicKey().keyId());
        output.flush();
        return ExitCodes.SUCCESS;
    }
}
