package io.kubesolo.update.health;

import io.kubesolo.update.fs.DeviceRoot;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * This machine's host name, as the kubelet names its node after it: the first line of
 * {@code /etc/hostname} under the device root, else the JDK's local host name; lower-cased and
 * trimmed, as the kubelet does.
 */
final class HostName {

    private HostName() {}

    static String of(DeviceRoot root) {
        Path file = root.resolve("/etc/hostname");
        try {
            if (Files.isRegularFile(file)) {
                String name = SmallFiles.read(file, "host name file")
                        .strip()
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
                if (!name.isEmpty()) {
                    return name.toLowerCase(Locale.ROOT);
                }
            }
            return InetAddress.getLocalHost().getHostName().strip().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            throw new HealthException(
                    "cannot tell this machine's host name (" + e.getMessage() + "); set node_name in update.conf", e);
        }
    }
}
