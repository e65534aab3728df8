package io.kubesolo.update.fs;

import java.nio.file.Path;

/**
 * The directory every absolute path of the agent resolves under. On a machine it is {@code /};
 * in the demo and the tests it is a directory tree standing in for a device (spec §11).
 */
public final class DeviceRoot {

    private final Path root;

    private DeviceRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static DeviceRoot of(Path root) {
        return new DeviceRoot(root);
    }

    public Path path() {
        return root;
    }

    /** True when the root is the machine itself rather than a simulated device. */
    public boolean isMachine() {
        return root.getParent() == null;
    }

    /**
     * Resolves an absolute device path ({@code /boot/grub/grubenv}) under the root. Relative
     * paths are taken as given, relative to the working directory, as a user typing them expects.
     */
    public Path resolve(String devicePath) {
        return resolve(Path.of(devicePath));
    }

    public Path resolve(Path devicePath) {
        if (!devicePath.isAbsolute()) {
            return devicePath.toAbsolutePath().normalize();
        }
        Path relative = devicePath.getRoot().relativize(devicePath);
        return root.resolve(relative).normalize();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
