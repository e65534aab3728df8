package io.kubesolo.update.publish;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Signs release files with one key and writes detached signature files in one format. */
public final class FileSigner {

    private final SigningKey key;
    private final SignatureFormat format;

    public FileSigner(SigningKey key, SignatureFormat format) {
        this.key = key;
        this.format = format;
    }

    /** Where a file's signature goes unless told otherwise: next to it, {@code FILE.sig}. */
    public static Path defaultSignaturePath(Path file) {
        return file.resolveSibling(file.getFileName() + ".sig");
    }

    /**
     * Signs the exact bytes of {@code file} (streamed, never held in memory) and writes the
     * signature atomically to {@code signatureFile}.
     *
     * @return the 64-byte signature
     */
    public byte[] sign(Path file, Path signatureFile) {
        if (!Files.isRegularFile(file)) {
            throw new PublishException(
                    "cannot sign " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        byte[] signature = key.sign(file);
        try {
            AtomicFiles.write(signatureFile, format.encode(signature));
        } catch (IOException e) {
            throw new PublishException(
                    "cannot write the signature of " + file + " to " + signatureFile + ": " + e.getMessage(), e);
        }
        return signature;
    }
}
