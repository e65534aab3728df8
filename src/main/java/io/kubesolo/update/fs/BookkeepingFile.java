package io.kubesolo.update.fs;

import com.fasterxml.jackson.core.JacksonException;
import io.kubesolo.update.OneLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * Reading a small file the agent keeps for itself (the state, the last run, the fetch cache):
 * whole, under a size cap. A missing file reads as the default; a damaged or unreadable one too,
 * with one warning saying why, because no bookkeeping file may stop an update, a health check or
 * a rollback.
 */
public final class BookkeepingFile {

    /** Turns the file's bytes into a value, throwing for content it cannot take. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] bytes) throws IOException;
    }

    private BookkeepingFile() {}

    /**
     * Reads the file, or what it stands for when it is missing or damaged, with a warning.
     *
     * @param name     how warnings name the file, e.g. "state file /var/lib/…/state.json"
     * @param instead  what a damaged file is taken for, e.g. "reading it as idle"
     */
    public static <T> T read(
            Path file,
            long maxBytes,
            Parser<T> parser,
            T absent,
            String name,
            String instead,
            Consumer<String> warnings) {
        try {
            if (Files.size(file) > maxBytes) {
                warnings.accept(name + " is larger than " + maxBytes + " bytes; " + instead);
                return absent;
            }
            return parser.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return absent;
        } catch (JacksonException e) {
            warnings.accept(name + " is not valid (" + OneLine.firstLine(e.getOriginalMessage()) + "); " + instead);
            return absent;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            warnings.accept(name + " is not valid (" + OneLine.firstLine(e.getMessage()) + "); " + instead);
            return absent;
        } catch (IOException e) {
            warnings.accept("cannot read " + name + " (" + e.getMessage() + "); " + instead);
            return absent;
        }
    }
}
