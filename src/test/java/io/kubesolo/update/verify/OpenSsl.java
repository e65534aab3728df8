package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} command line in a directory, for interoperability tests. */
public final class OpenSsl {

    /** What a run of openssl ended with: its exit status and its stdout and stderr together. */
    public record Result(int exitCode, String output) {}

    private OpenSsl() {}

    /** Runs {@code openssl args...} in {@code directory} and asserts it succeeded. */
    public static String run(Path directory, String... args) throws IOException, InterruptedException {
        Result result = exec(directory, args);
        assertThat(result.exitCode())
                .as("openssl %s: %s", String.join(" ", args), result.output())
                .isZero();
        return result.output();
    }

    /**
     * A self-signed RSA certificate valid for {@code days} and its unencrypted PKCS#8 key ({@code
     * openssl req -x509 -newkey rsa:2048 -nodes}): paths absolute or in {@code directory}.
     */
    public static void selfSignedRsa(Path directory, String key, String certificate, int days, String subject)
            throws IOException, InterruptedException {
        run(
                directory,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key,
                "-out",
                certificate,
                "-days",
                Integer.toString(days),
                "-subj",
                subject);
    }

    /**
     * {@code openssl pkeyutl -verify} of the raw bytes of {@code file} against the raw Ed25519
     * {@code signature} with the PEM {@code publicKey}: paths absolute or in {@code directory}.
     */
    public static Result verify(Path directory, String publicKey, String file, String signature)
            throws IOException, InterruptedException {
        return exec(
                directory,
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                publicKey,
                "-rawin",
                "-in",
                file,
                "-sigfile",
                signature);
    }

    /** {@link #verify}, asserted to succeed; returns what openssl said. */
    public static String verified(Path directory, String publicKey, String file, String signature)
            throws IOException, InterruptedException {
        Result result = verify(directory, publicKey, file, signature);
        assertThat(result.exitCode())
                .as("openssl pkeyutl -verify -in %s -sigfile %s: %s", file, signature, result.output())
                .isZero();
        return result.output();
    }

    /** Runs {@code openssl args...} in {@code directory}; kills it after 60 s. */
    public static Result exec(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("openssl " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
