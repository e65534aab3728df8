package io.kubesolo.update.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated device (spec §11) under a temporary directory, with accessors for what tests assert
 * on: the GRUB environment bytes, the state, the slot files, the bytes apply must never change. Made
 * by the program's own {@code simulate init} ({@link #create}) or, independent of the program, by
 * the real {@code grub-editenv} ({@link #withGrubEditenv}).
 */
public final class SimulatedDevice {

    /** The version in slot A of a device made {@link #withGrubEditenv}. */
    public static final String RUNNING_VERSION = "v0.3.0";

    private final Path root;
    private final List<String> stateWarnings = new ArrayList<>();

    private SimulatedDevice(Path root) {
        this.root = root;
    }

    public static SimulatedDevice create(Path root, String version) {
        CommandRun run = CommandRun.of("simulate", "init", "--root", root.toString(), "--version", version);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return new SimulatedDevice(root);
    }

    /**
     * A device whose grubenv the real {@code grub-editenv} wrote with {@code active_slot=A}, slot A
     * complete at {@link #RUNNING_VERSION}, slot B empty and no update.conf: nothing of it comes from
     * the program under test.
     */
    public static SimulatedDevice withGrubEditenv(Path root) throws IOException, InterruptedException {
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
        return new SimulatedDevice(root);
    }

    /**
     * Runs {@code apply} on this device from {@code repository} ({@code host/path}) at tag
     * {@code stable}, over plain HTTP as the test registry speaks it, with {@code extra} flags.
     */
    public CommandRun applyFromRegistry(String repository, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "apply", "--root", root.toString(), "--registry", repository, "--tag", "stable", "--plain-http"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    public Path root() {
        return root;
    }

    public String rootArg() {
        return root.toString();
    }

    public Path grubenv() {
        return root.resolve("boot/grub/grubenv");
    }

    public Path slot(String name) {
        return root.resolve("slots").resolve(name);
    }

    public Path stateFile() {
        return root.resolve("var/lib/kubesolo/update/state.json");
    }

    public Path conf() {
        return root.resolve("etc/kubesolo/update.conf");
    }

    public byte[] grubenvBytes() {
        return read(grubenv());
    }

    public BootState boot() {
        return BootState.of(GrubEnv.parse(grubenvBytes()));
    }

    public UpdateState state() {
        return new StateStore(stateFile(), stateWarnings::add).read();
    }

    /** The state file's text. */
    public String stateJson() throws IOException {
        return Files.readString(stateFile());
    }

    public boolean hasState() {
        return Files.exists(stateFile());
    }

    public void writeState(UpdateState state) {
        new StateStore(stateFile(), stateWarnings::add).write(state);
    }

    /** Writes a complete system into slot {@code name} and records it as staged, as apply would. */
    public void stage(String name, String running, String version) {
        writeSlot(name, version);
        writeState(UpdateState.initial()
                .startAttempt(running, version, Instant.parse("2026-11-27T10:00:00Z"))
                .moveTo(Phase.DOWNLOADING, Instant.parse("2026-11-27T10:00:01Z"))
                .moveTo(Phase.STAGED, Instant.parse("2026-11-27T10:00:02Z")));
    }

    public void writeSlot(String name, String version) {
        Path slot = slot(name);
        try {
            Files.createDirectories(slot);
            Files.writeString(slot.resolve("vmlinuz"), "kernel " + version);
            Files.writeString(slot.resolve("kubesolo-os.gz"), "initramfs " + version);
            Files.writeString(slot.resolve("version"), version + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of a slot with its bytes, to prove a slot was not touched. */
    public String fingerprint(String name) {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(slot(name))) {
            for (Path file : files.sorted().toList()) {
                text.append(file.getFileName())
                        .append('=')
                        .append(Digest.of(Files.readAllBytes(file)).hex())
                        .append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public void writeConf(String text) throws IOException {
        Files.writeString(conf(), text);
    }

    /** Places a file at a device path, e.g. {@code /etc/kubesolo/keys/release.pub}; returns the device path. */
    public String install(String devicePath, byte[] content) throws IOException {
        Path file = root.resolve(devicePath.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return devicePath;
    }

    /** grubenv and every file of the active slot A, by path: what apply must never change. */
    public Map<String, String> protectedBytes() throws IOException {
        Map<String, String> bytes = new TreeMap<>();
        bytes.put("boot/grub/grubenv", HexFormat.of().formatHex(grubenvBytes()));
        try (var files = Files.list(slot("A"))) {
            for (Path file : files.sorted().toList()) {
                bytes.put("slots/A/" + file.getFileName(), HexFormat.of().formatHex(Files.readAllBytes(file)));
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

    public void appendConf(String line) {
        try {
            Files.writeString(conf(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
