package io.kubesolo.update.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves one setting with the precedence of spec §2: a flag given on the command line, else
 * update.conf, else the built-in default. Conversions that fail name the key and the source.
 */
public final class Setting {

    private Setting() {}

    public static Optional<String> of(String flag, UpdateConf conf, ConfKey key) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag);
        }
        return conf.get(key);
    }

    public static String of(String flag, UpdateConf conf, ConfKey key, String defaultValue) {
        return of(flag, conf, key).orElse(defaultValue);
    }

    /** For typed flags: picocli already converted the flag; only the file's text needs parsing. */
    public static <T> T of(T flag, UpdateConf conf, ConfKey key, Function<String, T> parser, T defaultValue) {
        return flag != null ? flag : fromConf(conf, key, parser, defaultValue);
    }

    /** For a setting that has no flag: update.conf's value, parsed, else the default. */
    public static <T> T fromConf(UpdateConf conf, ConfKey key, Function<String, T> parser, T defaultValue) {
        Optional<String> text = conf.get(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(text.get());
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "update.conf: " + key + "=" + text.get() + " is not valid: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        }
    }

    public static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
