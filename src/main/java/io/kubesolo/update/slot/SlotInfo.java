package io.kubesolo.update.slot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a slot holds, as {@code status} and the stager see it.
 *
 * <p>A slot is <em>complete</em> when {@code vmlinuz} and {@code kubesolo-os.gz} are non-empty
 * regular files and {@code version} holds exactly one non-empty line (surrounding whitespace
 * ignored). The stager writes {@code version} last, so a slot whose update was cut short is not
 * complete. {@link #version()} is empty when the version file is missing or not of that form.
 *
 * @param kernelBytes size of {@code vmlinuz}, 0 when missing
 * @param initramfsBytes size of {@code kubesolo-os.gz}, 0 when missing
 */
public record SlotInfo(
        SlotName name, Optional<String> version, boolean complete, long kernelBytes, long initramfsBytes) {

    /** A version is a short string; a larger file is not a version file. */
    static final int MAX_VERSION_BYTES = 256;

    /** Reads what the open slot holds; missing files are not errors, unreadable ones are. */
    public static SlotInfo of(MountedSlot slot) {
        return read(slot.name(), slot.directory());
    }

    public static SlotInfo read(SlotName name, Path directory) {
        long kernel = sizeOf(directory.resolve(SlotFile.KERNEL.fileName()));
        long initramfs = sizeOf(directory.resolve(SlotFile.INITRAMFS.fileName()));
        Optional<String> version = readVersion(directory.resolve(SlotFile.VERSION.fileName()));
        return new SlotInfo(name, version, kernel > 0 && initramfs > 0 && version.isPresent(), kernel, initramfs);
    }

    private static long sizeOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new SlotException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> readVersion(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_VERSION_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SlotException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_VERSION_BYTES) {
            return Optional.empty();
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString()
                    .strip();
            boolean oneLine = !text.isEmpty() && text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
            return oneLine ? Optional.of(text) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
