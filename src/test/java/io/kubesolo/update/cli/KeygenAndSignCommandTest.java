package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.OpenSsl;
import io.kubesolo.update.verify.Signatures;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class KeygenAndSignCommandTest {

    @TempDir
    Path directory;

    @Test
    @Tag("system")
    void keygenWritesThePrivateKeyPrivatelyAndBothPublicForms() throws Exception {
        CommandRun run = run("keygen", "--out-dir", directory.resolve("keys").toString(), "--name", "fleet");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Path privateKey = directory.resolve("keys/fleet.key");
        Path hex = directory.resolve("keys/fleet.pub");
        Path pem = directory.resolve("keys/fleet.pub.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(hex)).matches("[0-9a-f]{64}\n");
        String keyId = Digest.of(HexFormat.of().parseHex(Files.readString(hex).strip()))
                .hex();
        assertThat(run.out()).contains("key id:      " + keyId + "\n").contains(privateKey.toString());

        // OpenSSL reads the private key and derives the same public key we wrote.
        assertThat(OpenSsl.run(directory, "pkey", "-in", privateKey.toString(), "-pubout"))
                .isEqualTo(Files.readString(pem));
        assertThat(TrustedKeys.load(List.of(hex)).keys())
                .isEqualTo(TrustedKeys.load(List.of(pem)).keys());
        try (Stream<Path> keys = Files.list(directory.resolve("keys"))) {
            assertThat(keys).hasSize(3); // no temporary file left behind
        }
    }

    @Test
    void keygenRefusesToOverwriteAKeyUnlessForced() throws IOException {
        assertThat(run("keygen", "--out-dir", directory.toString()).exitCode()).isZero();
        String before = Files.readString(directory.resolve("release.key"));

        CommandRun again = run("keygen", "--out-dir", directory.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(again.err())
                .isEqualTo("kubesolo-update: " + directory.resolve("release.key")
                        + " already exists; refusing to overwrite a key (--force does)\n");
        assertThat(Files.readString(directory.resolve("release.key"))).isEqualTo(before);

        Files.delete(directory.resolve("release.key"));
        assertThat(run("keygen", "--out-dir", directory.toString()).exitCode())
                .as("the public files alone still block")
                .isEqualTo(ExitCodes.FAILED);
        assertThat(directory.resolve("release.key")).doesNotExist();

        assertThat(run("keygen", "--out-dir", directory.toString(), "--force").exitCode())
                .isZero();
        assertThat(Files.readString(directory.resolve("release.key"))).isNotEqualTo(before);
    }

    @Test
    void keygenUsageErrors() {
        CommandRun noDirectory = run("keygen");
        assertThat(noDirectory.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDirectory.err()).contains("Missing required option: '--out-dir=DIR'");

        CommandRun badName = run("keygen", "--out-dir", directory.toString(), "--name", "../evil");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).startsWith("kubesolo-update: --name must be a plain file name");
    }

    @Test
    @Tag("system")
    void signWritesRawSignaturesNextToEachFileThatOpensslVerifies() throws Exception {
        run("keygen", "--out-dir", directory.toString());
        Path kernel = file("vmlinuz", 3 * 1024 * 1024);
        Path initramfs = file("kubesolo-os.gz", 5 * 1024 * 1024 + 1);

        CommandRun run = run(
                "sign", "--key", directory.resolve("release.key").toString(), kernel.toString(), initramfs.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("signed " + kernel + " -> " + kernel + ".sig\n")
                .contains("signed " + initramfs + " -> " + initramfs + ".sig\n");
        for (Path file : List.of(kernel, initramfs)) {
            assertThat(Files.size(Path.of(file + ".sig"))).isEqualTo(64);
            OpenSsl.verified(directory, "release.pub.pem", file.toString(), file + ".sig");
        }
    }

    @Test
    void signWritesHexToAChosenFileWhichTheAgentReads() throws IOException {
        run("keygen", "--out-dir", directory.toString());
        Path metadata = file("latest.json", 300);

        CommandRun run = run(
                "sign",
                "--key",
                directory.resolve("release.key").toString(),
                "--hex",
                "--out",
                directory.resolve("meta.sig").toString(),
                metadata.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String hex = Files.readString(directory.resolve("meta.sig"));
        assertThat(hex).matches("[0-9a-f]{128}\n");

        TrustedKeys.load(List.of(directory.resolve("release.pub")))
                .verify(
                        Files.readAllBytes(metadata),
                        Signatures.parse(hex.getBytes(StandardCharsets.US_ASCII), "latest.json"),
                        "latest.json");
    }

    @Test
    @Tag("system")
    void signsWithAnOpensslKey() throws Exception {
        OpenSsl.run(directory, "genpkey", "-algorithm", "ed25519", "-out", "k.pem");
        OpenSsl.run(directory, "pkey", "-in", "k.pem", "-pubout", "-out", "k.pub.pem");
        Path kernel = file("vmlinuz", 100_000);
        assertThat(run("sign", "--key", directory.resolve("k.pem").toString(), kernel.toString())
                        .exitCode())
                .isZero();
        OpenSsl.verified(directory, "k.pub.pem", "vmlinuz", "vmlinuz.sig");
    }

    @Test
    void signErrorsSayWhatAndWhy() throws IOException {
        run("keygen", "--out-dir", directory.toString());
        String key = directory.resolve("release.key").toString();
        Path one = file("a", 10);
        Path two = file("b", 10);

        CommandRun twoWithOut = run("sign", "--key", key, "--out", "x.sig", one.toString(), two.toString());
        assertThat(twoWithOut.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twoWithOut.err()).startsWith("kubesolo-update: --out takes a single FILE, not 2\n");

        CommandRun missing = run("sign", "--key", key, directory.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err())
                .isEqualTo("kubesolo-update: cannot sign " + directory.resolve("nope") + ": no such file\n");

        CommandRun publicKey =
                run("sign", "--key", directory.resolve("release.pub.pem").toString(), one.toString());
        assertThat(publicKey.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(publicKey.err())
                .isEqualTo("kubesolo-update: " + directory.resolve("release.pub.pem")
                        + ": not an Ed25519 private key (PEM PUBLIC KEY, expected PRIVATE KEY)\n");
        assertThat(Path.of(one + ".sig")).doesNotExist();

        assertThat(run("sign", "--key", key).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void keygenCreatesTheKeyDirectoryForTheOwnerOnly() {
        Path keys = directory.resolve("new/keys");
        assertThat(run("keygen", "--out-dir", keys.toString()).exitCode()).isZero();
        // The JVM's umask is at most 022 here: without an explicit mode the directory would be 0755.
        assertThat(keys).satisfies(dir -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------"));
    }

    @Test
    void signWarnsAboutAPrivateKeyOthersCanReadAndSignsAnyway() throws IOException {
        assertThat(run("keygen", "--out-dir", directory.toString()).exitCode()).isZero();
        Path key = directory.resolve("release.key");
        Path one = file("one", 100);

        CommandRun quiet = run("sign", "--key", key.toString(), one.toString());
        assertThat(quiet.err()).as(quiet.toString()).doesNotContain("warning");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        CommandRun run = run("sign", "--key", key.toString(), one.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .contains("kubesolo-update: warning: private key " + key
                        + " is readable by others than its owner (mode rw-r--r--)")
                .contains("chmod 600 " + key);
    }

    private Path file(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = directory.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
