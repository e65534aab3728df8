package io.kubesolo.update.slot;

import java.util.Optional;

/** The two system slots. The GRUB variable {@code active_slot} holds one of these names. */
public enum SlotName {
    A,
    B;

    public SlotName other() {
        return this == A ? B : A;
    }

    public static Optional<SlotName> parse(String value) {
        if ("A".equals(value)) {
            return Optional.of(A);
        }
        if ("B".equals(value)) {
            return Optional.of(B);
        }
        return Optional.empty();
    }
}
