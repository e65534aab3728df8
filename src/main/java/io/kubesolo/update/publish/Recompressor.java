package io.kubesolo.update.publish;

import io.kubesolo.update.delta.RsyncableGzip;
import io.kubesolo.update.fs.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipException;

/**
 * Rewrites a gzip file (an initramfs) as rsyncable gzip ({@link RsyncableGzip}, docs/delta.md):
 * the same uncompressed bytes, compressed so that delta updates reuse most of it from one release
 * to the next. The output is written atomically.
 */
public final class Recompressor {

    private static final int BUFFER_BYTES = 256 * 1024;

    private final RsyncableGzip gzip;

    public Recompressor(int level) {
        this.gzip = new RsyncableGzip(level);
    }

    /**
     * Writes {@code in}'s content to {@code out} as rsyncable gzip, atomically.
     *
     * @throws PublishException when {@code in} is not gzip, or a file cannot be read or written
     */
    public void recompress(Path in, Path out) {
        Path temporary = AtomicFiles.temporarySibling(out);
        try {
            try (InputStream source = Files.newInputStream(in);
                    FileChannel channel = FileChannel.open(
                            temporary,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                OutputStream target = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                gzip.recompress(source, target);
                target.flush();
                channel.force(true);
            }
            AtomicFiles.replace(temporary, out);
        } catch (NoSuchFileException e) {
            throw new PublishException("cannot recompress " + in + " into " + out + ": no such file " + e.getFile(), e);
        } catch (ZipException e) {
            throw new PublishException("cannot recompress " + in + ": it is not gzip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PublishException("cannot recompress " + in + " into " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // the rename already happened or the write failed; either way there is nothing to keep
            }
        }
    }
}
