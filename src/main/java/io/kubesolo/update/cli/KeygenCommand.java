package io.kubesolo.update.cli;

import io.kubesolo.update.publish.KeyPairFiles;
import io.kubesolo.update.verify.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code keygen}: a new Ed25519 release signing key pair, as files. */
@Command(
        mixinStandardHelpOptions = true,
        description = {
            "Generate an Ed25519 key pair for signing releases: NAME.key (PKCS#8 PEM private key, mode 0600;"
                    + " keep it off devices), NAME.pub (64 hex characters, for --pubkey on devices) and"
                    + " NAME.pub.pem (the same public key as PEM, for OpenSSL).",
            "Prints the key id: the hex SHA-256 of the public key."
        })
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--out-dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory for the key files (created if missing).")
    Path outDir;

    @Option(
            names = "--name",
            defaultValue = "release",
            paramLabel = "NAME",
            description = "Base name of the key files (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--force", description = "Overwrite existing key files of the same name.")
    boolean force;

    @Override
    public Integer call() {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--name must be a plain file name without '/' or a leading '.', not '" + name + "'");
        }
        KeyPairFiles files = KeyPairFiles.in(outDir, name);
        SigningKey key = SigningKey.generate();
        files.write(key, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println("private key: " + files.privateKey() + " (keep it secret; never copy it to a device)");
        out.println("public key:  " + files.publicKeyHex() + " and " + files.publicKeyPem());
        out.println("key id:      " + key.publicKey().keyId());
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
