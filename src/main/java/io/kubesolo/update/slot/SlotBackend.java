package io.kubesolo.update.slot;

import java.util.Locale;

/** Where slots live: update.conf {@code slot_backend=directory|block}. */
public enum SlotBackend {
    /** {@code slots/A/} and {@code slots/B/} under the device root (spec §11). */
    DIRECTORY,
    /** ext4 partitions found by label. */
    BLOCK;

    public static SlotBackend parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "directory" -> DIRECTORY;
            case "block" -> BLOCK;
            default -> throw new IllegalArgumentException("expected directory or block");
        };
    }
}
