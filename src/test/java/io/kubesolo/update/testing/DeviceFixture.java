package io.kubesolo.update.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated device (spec §11) under a temporary directory: a grubenv written by the real
 * {@code grub-editenv} with {@code active_slot=A}, slot A complete at {@code v0.3.0}, slot B empty.
 * {@link #protectedBytes()} captures everything apply must never change.
 */
public final class DeviceFixture {

    public static final String RUNNING_VERSION = "v0.3.0";

    private final Path root;

    private DeviceFixture(Path root) {
        this.root = root;
    }

    public static DeviceFixture create(Path root) throws IOException, InterruptedException {
        Path grubenv = root.resolve("boot/grub/grubenv");
        Files.createDirectories(grubenv.getParent());
        Processes.output(List.of("grub-editenv", grubenv.toString(), "create"));
        Processes.output(List.of(
                "grub-editenv", grubenv.toString(), "set", "active_slot=A", "boot_counter=3", "boot_success=1"));
        Path slotA = root.resolve("slots/A");
        Files.createDirectories(slotA);
        Files.writeString(slotA.resolve("vmlinuz"), "running kernel");
        Files.writeString(slotA.resolve("kubesolo-os.gz"), "running initramfs");
        Files.writeString(slotA.resolve("version"), RUNNING_VERSION + "\n");
        Files.createDirectories(root.resolve("slots/B"));
        Files.createDirectories(root.resolve("etc/kubesolo"));
        return new DeviceFixture(root);
    }

    public Path root() {
        return root;
    }

    public Path slot(String name) {
        return root.resolve("slots").resolve(name);
    }

    public Path statePath() {
        return root.resolve("var/lib/kubesolo/update/state.json");
    }

    public String state() throws IOException {
        return Files.readString(statePath());
    }

    public boolean hasState() {
        return Files.exists(statePath());
    }

    public void writeConf(String text) throws IOException {
        Files.writeString(root.resolve("etc/kubesolo/update.conf"), text);
    }

    /** Places a file at a device path, e.g. {@code /etc/kubesolo/keys/release.pub}; returns the device path. */
    public String install(String devicePath, byte[] content) throws IOException {
        Path file = root.resolve(devicePath.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return devicePath;
    }

    /** grubenv and every file of the active slot, by path. */
    public Map<String, String> protectedBytes() throws IOException {
        Map<String, String> bytes = new TreeMap<>();
        bytes.put("boot/grub/grubenv", hex(Files.readAllBytes(root.resolve("boot/grub/grubenv"))));
        try (var files = Files.list(slot("A"))) {
            for (Path file : files.sorted().toList()) {
                bytes.put("slots/A/" + file.getFileName(), hex(Files.readAllBytes(file)));
            }
        }
        return bytes;
    }

    /** Asserts slot B is not complete: no version file, whatever else is there. */
    public void assertPassiveNotComplete() {
        assertThat(slot("B").resolve("version")).doesNotExist();
    }

    public String passiveVersion() throws IOException {
        return Files.readString(slot("B").resolve("version"), StandardCharsets.UTF_8)
                .strip();
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
