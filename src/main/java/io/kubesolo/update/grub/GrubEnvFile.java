package io.kubesolo.update.grub;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The GRUB environment block on disk ({@code /boot/grub/grubenv} under the device root).
 *
 * <p>Reads accept only a valid {@value GrubEnv#BLOCK_SIZE}-byte block. Writes replace the file
 * atomically (temporary sibling, fsync, rename, fsync directory), and only after reading the file
 * that is there: a block that is not valid is never overwritten, since it may hold what GRUB or an
 * operator put there in a form this agent does not understand; it needs a person to look at it.
 */
public final class GrubEnvFile {

    /** Where the block is on a device (spec §1, §11). */
    public static final String DEVICE_PATH = "/boot/grub/grubenv";

    private final Path path;
    private final String missing;

    public GrubEnvFile(Path path) {
        this(path, "GRUB environment " + path + " does not exist");
    }

    /** A block at {@code path} whose absence {@link #read()} reports as {@code missing}. */
    GrubEnvFile(Path path, String missing) {
        this.path = path;
        this.missing = missing;
    }

    /** The block of the device at {@code root}: {@value #DEVICE_PATH} under it. */
    public static GrubEnvFile of(DeviceRoot root) {
        return new GrubEnvFile(root.resolve(DEVICE_PATH));
    }

    public Path path() {
        return path;
    }

    /**
     * The block in the file.
     *
     * @throws GrubEnvException if the file is missing, unreadable or not a valid block
     */
    public GrubEnv read() {
        return readIfPresent().orElseThrow(() -> new GrubEnvException(missing));
    }

    /**
     * Replaces the block with {@code env}. If a file is there, it must be a valid block.
     *
     * @throws GrubEnvException if {@code env} does not fit in a block, the present file is not a
     *     valid block (it is then left as it is), or the write fails
     */
    public void write(GrubEnv env) {
        byte[] block = encode(env);
        try {
            readIfPresent();
        } catch (GrubEnvException e) {
            throw new GrubEnvException(e.getMessage() + "; refusing to overwrite it", e);
        }
        replaceWith(block);
    }

    /**
     * Writes the first block where none exists, as when a device is provisioned.
     *
     * @throws GrubEnvException if a file is there already (it is left as it is), {@code env} does
     *     not fit in a block, or the write fails
     */
    public void create(GrubEnv env) {
        byte[] block = encode(env);
        if (Files.exists(path)) {
            throw new GrubEnvException("GRUB environment " + path + " already exists; refusing to replace it");
        }
        replaceWith(block);
    }

    private Optional<GrubEnv> readIfPresent() {
        byte[] block;
        try (InputStream in = Files.newInputStream(path)) {
            // One byte more than a block is enough to tell a block from a larger file.
            block = in.readNBytes(GrubEnv.BLOCK_SIZE + 1);
            if (block.length > GrubEnv.BLOCK_SIZE) {
                throw invalid("expected " + GrubEnv.BLOCK_SIZE + " bytes, found " + Files.size(path), null);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GrubEnvException("cannot read GRUB environment " + path + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(new GrubEnv(EnvBlockParser.parse(block)));
        } catch (EnvBlockParser.InvalidBlockException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private GrubEnvException invalid(String reason, Throwable cause) {
        return new GrubEnvException("GRUB environment " + path + " is not a valid block: " + reason, cause);
    }

    private byte[] encode(GrubEnv env) {
        try {
            return env.toBytes();
        } catch (GrubEnvException e) {
            throw new GrubEnvException("cannot write GRUB environment " + path + ": " + e.getMessage(), e);
        }
    }

    private void replaceWith(byte[] block) {
        try {
            AtomicFiles.write(path, block);
        } catch (IOException e) {
            throw new GrubEnvException("cannot write GRUB environment " + path + ": " + e.getMessage(), e);
        }
    }
}
