package io.kubesolo.update.slot;

import java.util.regex.Pattern;

/**
 * The file system labels that identify the two slot partitions: {@code KSOLOA} and
 * {@code KSOLOB} on KubeSolo OS (spec §1), others where update.conf says so.
 */
public record SlotLabels(String a, String b) {

    /** What ext4 allows (16 bytes) in characters that need no quoting in a shell or a mount table. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,16}");

    public static final SlotLabels KUBESOLO = new SlotLabels("KSOLOA", "KSOLOB");

    public SlotLabels {
        requireLabel(a, "slot A");
        requireLabel(b, "slot B");
        if (a.equals(b)) {
            throw new IllegalArgumentException("slots A and B cannot share the label " + a);
        }
    }

    public String of(SlotName slot) {
        return slot == SlotName.A ? a : b;
    }

    private static void requireLabel(String label, String what) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException(
                    "label of " + what + " must be 1 to 16 of A-Z a-z 0-9 _ . -, not '" + label + "'");
        }
    }
}
