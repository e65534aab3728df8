package io.kubesolo.update.slot;

import io.kubesolo.update.config.ConfKey;
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

    private SlotDevices() {}

    public static SlotDevice forRoot(DeviceRoot root, UpdateConf conf) {
        return switch (backend(root, conf)) {
            case BLOCK -> BlockSlotDevice.onThisMachine(labels(conf), new ProcessRunner());
            case DIRECTORY -> new DirectorySlotDevice(root);
        };
    }

    public static SlotBackend backend(DeviceRoot root, UpdateConf conf) {
        SlotBackend byRoot = root.isMachine() ? SlotBackend.BLOCK : SlotBackend.DIRECTORY;
        return Setting.fromConf(conf, ConfKey.SLOT_BACKEND, SlotBackend::parse, byRoot);
    }

    public static SlotLabels labels(UpdateConf conf) {
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
}
