package io.kubesolo.update.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated device (spec §11) made by the program's own {@code simulate init}, with accessors
 * for what tests assert on: the GRUB environment bytes, the state, the slot files.
 */
public final class SimulatedDevice {

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
                        .append(io.kubesolo.update.verify.Digest.of(Files.readAllBytes(file))
                                .hex())
                        .append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public void appendConf(String line) {
        try {
            Files.writeString(conf(), line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
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
