package io.kubesolo.update.cloudinit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The top-level {@code updates:} block of a cloud-config document (spec §3): update.conf keys and
 * their values, in the order written. Keys are snake_case ({@code [a-z][a-z0-9_]*}); values are
 * single-line scalars. Numbers keep the text they were written with ({@code tag: 1.10} stays
 * {@code 1.10}, not {@code 1.1}), booleans become {@code true} or {@code false} (YAML's {@code yes}
 * included), a null value is empty (which update.conf reads as unset), and a list of scalars
 * becomes a comma-separated value, update.conf's list form ({@code pubkey: [a.pub, b.pub]}).
 */
public final class UpdatesBlock {

    public static final String KEY = "updates";

    /** Cloud providers cap user data at 16 to 64 KiB; anything far larger is not user data. */
    private static final long MAX_USER_DATA_BYTES = 1024 * 1024;

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, String> values;

    private UpdatesBlock(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The {@code updates:} block of the user data in {@code userData}; empty when the document has
     * none, when it is empty ({@code updates:} or {@code updates: {}}), or when the user data is not
     * a YAML mapping at all (a shell script, say): in all those cases there is nothing to write.
     *
     * @throws CloudInitException when the file cannot be read, is not YAML, or the block holds
     *                            something update.conf cannot (a bad key, a multi-line or nested value)
     */
    public static Optional<UpdatesBlock> read(Path userData) {
        try {
            if (Files.size(userData) > MAX_USER_DATA_BYTES) {
                throw new CloudInitException(
                        "user data " + userData + " is larger than " + MAX_USER_DATA_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(userData);
                    JsonParser parser = new YAMLFactory().createParser(in)) {
                return readDocument(parser, userData);
            }
        } catch (NoSuchFileException e) {
            throw new CloudInitException("cannot read user data " + userData + ": no such file", e);
        } catch (StreamReadException e) {
            throw new CloudInitException(
                    "user data " + userData + " is not valid YAML: " + oneLine(e.getOriginalMessage()) + " (line "
                            + e.getLocation().getLineNr() + ")",
                    e);
        } catch (IOException e) {
            throw new CloudInitException("cannot read user data " + userData + ": " + e.getMessage(), e);
        }
    }

    private static Optional<UpdatesBlock> readDocument(JsonParser parser, Path userData) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        Map<String, String> found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!KEY.equals(name)) {
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_NULL) {
                found = Map.of();
            } else if (value == JsonToken.START_OBJECT) {
                found = readBlock(parser, userData);
            } else {
                throw new CloudInitException("user data " + userData + ": updates: must be a mapping of update.conf"
                        + " keys to values, not " + describe(value));
            }
        }
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(new UpdatesBlock(found));
    }

    private static Map<String, String> readBlock(JsonParser parser, Path userData) throws IOException {
        Map<String, String> block = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (!SNAKE_CASE.matcher(key).matches()) {
                throw new CloudInitException("user data " + userData + ": updates." + key + " is not an update.conf"
                        + " key (snake_case: lower-case letters, digits and _, starting with a letter)");
            }
            JsonToken token = parser.nextToken();
            refuseAnchorOrAlias(parser, userData, key);
            String value;
            if (token == JsonToken.START_ARRAY) {
                List<String> items = new ArrayList<>();
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(scalar(parser, token, userData, key));
                }
                value = String.join(",", items);
            } else {
                value = scalar(parser, token, userData, key);
            }
            block.put(key, value);
        }
        return block;
    }

    private static String scalar(JsonParser parser, JsonToken token, Path userData, String key) throws IOException {
        refuseAnchorOrAlias(parser, userData, key);
        String text =
                switch (token) {
                    case VALUE_NULL -> "";
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                    default ->
                        throw new CloudInitException("user data " + userData + ": updates." + key
                                + " must be a single value or a list of values, not " + describe(token));
                };
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw new CloudInitException("user data " + userData + ": updates." + key
                    + " spans several lines; update.conf holds one line per key");
        }
        return text.strip();
    }

    /** SnakeYAML's messages quote the offending line and point at it with a caret; keep the words only. */
    private static String oneLine(String message) {
        return message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(java.util.stream.Collectors.joining(": "));
    }

    /**
     * The YAML reader hands an alias ({@code *srv}) over as the plain string {@code srv}, unresolved:
     * {@code server: *srv} would silently become {@code server=srv}. Anchors and aliases are refused.
     */
    private static void refuseAnchorOrAlias(JsonParser parser, Path userData, String key) throws IOException {
        YAMLParser yaml = (YAMLParser) parser;
        if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
            throw new CloudInitException("user data " + userData + ": updates." + key + " is a YAML "
                    + (yaml.isCurrentAlias() ? "alias" : "anchor") + ", which update.conf values cannot be; write the"
                    + " value out");
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            default -> "a single value";
        };
    }

    /** Keys and values in the order the user data wrote them; never empty. */
    public Map<String, String> values() {
        return values;
    }

    /** The update.conf text holding exactly this block, with a header saying where it came from. */
    public String toUpdateConf(Path userData) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by 'kubesolo-update cloud-init' from the updates: block of ")
                .append(userData)
                .append(".\n# The next user data with an updates: block replaces this whole file.\n");
        values.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
