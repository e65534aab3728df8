package io.kubesolo.update.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairFilesTest {

    @TempDir
    Path directory;

    @Test
    void aStaleWorldReadableTemporaryFileDoesNotLeakItsPermissionsToTheKey() throws IOException {
        KeyPairFiles files = KeyPairFiles.in(directory, "release");
        Path stale = AtomicFiles.temporarySibling(files.privateKey());
        Files.writeString(stale, "left over from a crash");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-r--r--"));

        SigningKey key = SigningKey.generate();
        files.write(key, false);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(files.privateKey())).isEqualTo(key.toPkcs8Pem());
        assertThat(stale).doesNotExist();
        assertThat(SigningKey.load(files.privateKey()).publicKey()).isEqualTo(key.publicKey());
    }

    @Test
    void signatureFormatsAreWhatTheAgentReads() throws IOException {
        SigningKey key = SigningKey.generate();
        Path file = directory.resolve("vmlinuz");
        Files.writeString(file, "kernel");
        byte[] raw = new FileSigner(key, SignatureFormat.RAW).sign(file, FileSigner.defaultSignaturePath(file));
        byte[] hex = new FileSigner(key, SignatureFormat.HEX).sign(file, directory.resolve("vmlinuz.hexsig"));

        assertThat(raw).isEqualTo(hex).isEqualTo(key.sign("kernel".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readAllBytes(directory.resolve("vmlinuz.sig"))).isEqualTo(raw);
        assertThat(io.kubesolo.update.verify.Signatures.parse(
                        Files.readAllBytes(directory.resolve("vmlinuz.hexsig")), "vmlinuz"))
                .isEqualTo(raw);
    }
}
