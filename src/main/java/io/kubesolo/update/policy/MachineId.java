package io.kubesolo.update.policy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.fs.DeviceRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What tells this machine apart in a fleet, for its rollout bucket: the first line of
 * {@code /etc/machine-id} (systemd writes it at first boot and it never changes), under the device
 * root. Without one (missing, empty, or systemd's {@code uninitialized}) the host name stands in:
 * {@code /etc/hostname} under the root, else the JDK's local host name; that is reported as a
 * warning, because a host name can change and so move the machine to another bucket.
 *
 * @param value  the id the bucket is computed from
 * @param source where it came from, for reports: "/etc/machine-id" or "host name (no /etc/machine-id)"
 */
public record MachineId(String value, String source) {

    public static final String DEVICE_PATH = "/etc/machine-id";
    /** A machine id is 32 hex characters and a newline; a host name at most 253 characters. */
    private static final int MAX_BYTES = 4096;

    public MachineId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a machine id is not blank");
        }
    }

    /**
     * Reads this machine's id under {@code root}.
     *
     * @param warnings told, in one line, when the host name stands in for a machine id
     * @throws PolicyException (FAILED) when neither a machine id nor a host name can be read
     */
    public static MachineId of(DeviceRoot root, Consumer<String> warnings) {
        Optional<String> id = firstLine(root.resolve(DEVICE_PATH)).filter(line -> !line.equals("uninitialized"));
        if (id.isPresent()) {
            return new MachineId(id.get(), DEVICE_PATH);
        }
        String hostName = firstLine(root.resolve("/etc/hostname")).orElseGet(MachineId::jdkHostName);
        warnings.accept("no machine id in " + root.resolve(DEVICE_PATH)
                + "; the rollout bucket is computed from the host name '" + hostName
                + "' instead, and moves if the host name changes");
        return new MachineId(hostName, "host name (no " + DEVICE_PATH + ")");
    }

    private static Optional<String> firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
            return text.lines().findFirst().map(String::strip).filter(line -> !line.isEmpty());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PolicyException(Outcome.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String jdkHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new PolicyException(
                    Outcome.FAILED,
                    "this machine has no " + DEVICE_PATH + " and its host name cannot be told (" + e.getMessage()
                            + "); write a machine id to " + DEVICE_PATH);
        }
    }
}
