package io.kubesolo.update.slot;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.ConfigException;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;
import java.util.Locale;

/**
 * Where the two system slots live: directories under a device root, or ext4 partitions found by
 * label. Knows nothing of which slot is active; {@link Slots} guards the active one.
 */
public interface SlotDevice {

    /** The kinds of slot device: update.conf {@code slot_backend=directory|block}. */
    enum Backend {
        /** {@code slots/A/} and {@code slots/B/} under the device root (spec §11). */
        DIRECTORY,
        /** ext4 partitions found by label. */
        BLOCK;

        public static Backend parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "directory" -> DIRECTORY;
                case "block" -> BLOCK;
                default -> throw new IllegalArgumentException("expected directory or block");
            };
        }
    }

    /**
     * The slot device of a device root: directories whenever the root is not {@code /} (spec §11),
     * partitions on the machine itself; update.conf {@code slot_backend} overrides either way,
     * {@code slot_a_label} and {@code slot_b_label} rename the partitions.
     */
    static SlotDevice forRoot(DeviceRoot root, UpdateConf conf) {
        return switch (backend(root, conf)) {
            case BLOCK -> BlockSlotDevice.onThisMachine(labels(conf), new ProcessRunner());
            case DIRECTORY -> new DirectorySlotDevice(root);
        };
    }

    static Backend backend(DeviceRoot root, UpdateConf conf) {
        Backend byRoot = root.isMachine() ? Backend.BLOCK : Backend.DIRECTORY;
        return Setting.fromConf(conf, ConfKey.SLOT_BACKEND, Backend::parse, byRoot);
    }

    static SlotLabels labels(UpdateConf conf) {
        String a = conf.get(ConfKey.SLOT_A_LABEL).orElse(SlotLabels.KUBESOLO.a());
        String b = conf.get(ConfKey.SLOT_B_LABEL).orElse(SlotLabels.KUBESOLO.b());
        try {
            return new SlotLabels(a, b);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "update.conf: " + ConfKey.SLOT_A_LABEL + "/" + ConfKey.SLOT_B_LABEL + " are not valid: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Opens a slot read-only. */
    MountedSlot openForReading(SlotName slot);

    /** Opens a slot for writing. Callers go through {@link Slots#openPassiveForWriting}. */
    MountedSlot openForWriting(SlotName slot);

    /** Says where the slots are, for {@code status}: "directory /x/slots" or "partitions KSOLOA/KSOLOB". */
    String describe();
}
