package io.kubesolo.update.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed {@code /etc/kubesolo/update.conf} (spec §3): {@code key=value} lines, {@code #}
 * comments and blank lines ignored, a missing file is an empty configuration. A key that is not
 * one of {@link ConfKey} is ignored with a warning naming the nearest known key (a typo must not
 * pass for a setting), so one file can still serve several agent versions.
 * Values are trimmed; an empty value counts as unset. When a key repeats, the last one wins, as
 * in a shell environment file.
 */
public final class UpdateConf {

    /** A configuration file is a few hundred bytes; refuse to slurp anything absurd. */
    private static final long MAX_BYTES = 256 * 1024;

    private final Path source;
    private final Map<String, String> values;
    private final List<String> warnings;

    private UpdateConf(Path source, Map<String, String> values, List<String> warnings) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.warnings = List.copyOf(warnings);
    }

    public static UpdateConf empty() {
        return new UpdateConf(null, Map.of(), List.of());
    }

    public static UpdateConf load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("configuration " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            return parse(file, text);
        } catch (NoSuchFileException e) {
            return new UpdateConf(file, Map.of(), List.of());
        } catch (CharacterCodingException e) {
            throw new ConfigException("configuration " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    static UpdateConf parse(Path source, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                // The line itself is not quoted: --conf pointed at the wrong file (/etc/shadow) must not print it.
                throw new ConfigException("configuration " + describe(source) + " line " + (i + 1)
                        + " is not key=value (the line is not shown; is this the configuration file?)");
            }
            String key = line.substring(0, equals).strip();
            String value = unquote(line.substring(equals + 1).strip());
            if (ConfKey.named(key).isEmpty()) {
                warnings.add(describe(source) + " line " + (i + 1) + ": unknown key '" + key
                        + "' ignored; did you mean '" + ConfKey.nearest(key) + "'?");
                continue;
            }
            if (value.isEmpty()) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }
        return new UpdateConf(source, values, warnings);
    }

    /** Values written by cloud-init or by hand may be quoted: {@code server="http://x"}. */
    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    private static String describe(Path source) {
        return source == null ? "(text)" : source.toString();
    }

    /** This configuration with one key set, as a command-line flag overrides the file. */
    public UpdateConf with(ConfKey key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(key.key(), value);
        return new UpdateConf(source, changed, warnings);
    }

    public Optional<String> get(ConfKey key) {
        return Optional.ofNullable(values.get(key.key()));
    }

    /** One line for each key of the file that is not a known key. */
    public List<String> warnings() {
        return warnings;
    }

    public Map<String, String> values() {
        return values;
    }

    /** The file this configuration came from, for messages; empty for an in-memory one. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }
}
