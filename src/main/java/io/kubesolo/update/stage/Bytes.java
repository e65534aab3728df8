package io.kubesolo.update.stage;

import java.util.Locale;

/** Byte counts for people. */
final class Bytes {

    private Bytes() {}

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
