package io.kubesolo.update.grub;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.fs.DeviceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the GRUB environment block of a device is (docs/grubenv.md "Where the agent finds the
 * block"). GRUB keeps it beside grub.cfg, {@code boot/grub/grubenv} on the KSOLOEFI partition;
 * where that shows up in the running system depends on where the OS mounts KSOLOEFI. update.conf
 * {@code grubenv=PATH} names it; without that, the first of {@link #SEARCHED} that is a file is
 * taken: the path of docs/spec.md §1, then KSOLOEFI mounted at {@code /boot} or at {@code /boot/efi}.
 */
public final class GrubEnvLocation {

    /** Looked at in this order when update.conf does not say. */
    public static final List<String> SEARCHED =
            List.of(GrubEnvFile.DEVICE_PATH, "/boot/boot/grub/grubenv", "/boot/efi/boot/grub/grubenv");

    private GrubEnvLocation() {}

    /** The block of the device at {@code root}: {@code configured} if given, else the first of {@link #SEARCHED} there. */
    public static GrubEnvFile find(DeviceRoot root, Optional<String> configured) {
        if (configured.isPresent()) {
            Path path = root.resolve(configured.get());
            return new GrubEnvFile(
                    path, "GRUB environment " + path + " (update.conf " + ConfKey.GRUBENV + ") does not exist");
        }
        for (String candidate : SEARCHED) {
            Path path = root.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return new GrubEnvFile(path);
            }
        }
        String looked = SEARCHED.stream().map(root::resolve).map(Path::toString).collect(Collectors.joining(", "));
        return new GrubEnvFile(
                root.resolve(GrubEnvFile.DEVICE_PATH),
                "no GRUB environment block found (looked at " + looked + "); mount the KSOLOEFI partition or set "
                        + ConfKey.GRUBENV + "=PATH in update.conf");
    }
}
