package io.kubesolo.update.publish;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The files of a release key pair named NAME in a directory: {@code NAME.key}, the PKCS#8 PEM
 * private key (mode 0600, from the moment it exists, in a directory created 0700 whatever the umask); {@code NAME.pub}, the 64-hex public key
 * devices are given; {@code NAME.pub.pem}, the same key as PEM for OpenSSL.
 */
public record KeyPairFiles(Path privateKey, Path publicKeyHex, Path publicKeyPem) {

    public static KeyPairFiles in(Path directory, String name) {
        return new KeyPairFiles(
                directory.resolve(name + ".key"),
                directory.resolve(name + ".pub"),
                directory.resolve(name + ".pub.pem"));
    }

    public List<Path> all() {
        return List.of(privateKey, publicKeyHex, publicKeyPem);
    }

    /**
     * Writes {@code key}'s three files, each atomically.
     *
     * @param overwrite replace existing files; otherwise any existing one is an error, checked
     *                  before anything is written, so an existing key is never half-replaced
     */
    public void write(SigningKey key, boolean overwrite) {
        if (!overwrite) {
            for (Path file : all()) {
                if (Files.exists(file)) {
                    throw new PublishException(file + " already exists; refusing to overwrite a key (--force does)");
                }
            }
        }
        try {
            writePrivate(privateKey, key.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(publicKeyHex, (key.publicKey().hex() + "\n").getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(publicKeyPem, key.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new PublishException(
                    "cannot write the key pair in "
                            + privateKey.toAbsolutePath().getParent() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Like {@link AtomicFiles#write}, but the temporary file is created 0600, so the key is never readable by others. */
    private static void writePrivate(Path target, byte[] content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            // 0700 whatever the umask: a key directory others can write into is one they can plant links in.
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = AtomicFiles.temporarySibling(target);
        AtomicFiles.refuseSymbolicLink(temporary);
        try {
            try (FileChannel channel = AtomicFiles.createPrivateTemporary(temporary)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            AtomicFiles.replace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
