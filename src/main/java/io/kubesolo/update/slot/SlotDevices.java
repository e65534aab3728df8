package io.kubesolo.update.slot;

import io.kubesolo.update.config.ConfigException;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.fs.DeviceRoot;

/**
 * Chooses where the slots are. The directory backend whenever the root is not {@code /} (spec
 * §11), the block backend on the machine itself; update.conf {@code slot_backend} overrides
 * either way, {@code slot_a_label} and {@code slot_b_label} rename the partitions.
 */
public final class SlotDevices {

    public static final String BACKEND_KEY = "slot_backend";
    public static final String SLOT_A_LABEL_KEY = "slot_a_label";
    public static final String SLOT_B_LABEL_KEY = "slot_b_label";

    private SlotDevices() {}

    public static SlotDevice forRoot(DeviceRoot root, UpdateConf conf) {
        return switch (backend(root, conf)) {
            case BLOCK -> BlockSlotDevice.onThisMachine(labels(conf), new ProcessRunner());
            case DIRECTORY -> new DirectorySlotDevice(root);
        };
    }

    public static SlotBackend backend(DeviceRoot root, UpdateConf conf) {
        SlotBackend byRoot = root.isMachine() ? SlotBackend.BLOCK : SlotBackend.DIRECTORY;
        return Setting.of((SlotBackend) null, conf, BACKEND_KEY, SlotBackend::parse, byRoot);
    }

    public static SlotLabels labels(UpdateConf conf) {
        String a = Setting.of(null, conf, SLOT_A_LABEL_KEY, SlotLabels.KUBESOLO.a());
        String b = Setting.of(null, conf, SLOT_B_LABEL_KEY, SlotLabels.KUBESOLO.b());
        try {
            return new SlotLabels(a, b);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "update.conf: " + SLOT_A_LABEL_KEY + "/" + SLOT_B_LABEL_KEY + " are not valid: " + e.getMessage(),
                    e);
        }
    }
}
