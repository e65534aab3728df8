package io.kubesolo.update.reliability;

import io.kubesolo.update.UpdateException;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.grub.GrubEnv;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.StateStore;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What must hold on a simulated device whenever power is cut, whatever the command was doing:
 * the GRUB environment is a valid block whose {@code active_slot} holds a complete system; a slot
 * with a {@code version} file holds exactly that version; the slot that was active before the
 * command is byte for byte what it was; state.json reads without complaint and says nothing the
 * disk contradicts. Each check returns the violations it found, as sentences, rather than failing
 * at the first, so that one run of the harness reports them all.
 */
final class DeviceInvariants {

    private static final List<String> SLOT_FILES = List.of("vmlinuz", "kubesolo-os.gz");

    /** version → slot file name → SHA-256 of the bytes that version holds. */
    private final Map<String, Map<String, String>> releases;

    DeviceInvariants(Map<String, Map<String, String>> releases) {
        this.releases = releases;
    }

    /** Every file of a slot (hidden ones too) with its SHA-256, to prove a slot was not touched. */
    static Map<String, String> fingerprint(Path slot) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(slot)) {
            for (Path file : list.toList()) {
                files.put(
                        file.getFileName().toString(),
                        Digest.of(Files.readAllBytes(file)).hex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * @param before the device as it was before the command: its active slot must be unchanged
     */
    List<String> check(Path device, Snapshot before) {
        List<String> violations = new ArrayList<>();
        Optional<BootState> boot = boot(device, violations);
        for (SlotName slot : SlotName.values()) {
            checkSlot(device, slot, violations);
        }
        boot.ifPresent(state -> {
            if (holds(device, state.activeSlot()).isEmpty()) {
                violations.add("GRUB boots slot " + state.activeSlot() + ", which does not hold a complete system");
            }
        });
        if (!fingerprint(slotPath(device, before.active())).equals(before.activeSlotFiles())) {
            violations.add("slot " + before.active() + ", active before the command, changed: "
                    + before.activeSlotFiles() + " -> " + fingerprint(slotPath(device, before.active())));
        }
        checkState(device, boot, violations);
        return violations;
    }

    /** The parts of a device a command must not lose. */
    @SuppressWarnings("ArrayRecordComponent") // test data, read field by field, never compared as a whole
    record Snapshot(SlotName active, Map<String, String> activeSlotFiles, byte[] grubenv) {

        static Snapshot of(Path device) {
            byte[] grubenv = read(grubenvPath(device));
            SlotName active = BootState.of(GrubEnv.parse(grubenv)).activeSlot();
            return new Snapshot(active, fingerprint(slotPath(device, active)), grubenv);
        }

        boolean grubenvUnchanged(Path device) {
            return Arrays.equals(grubenv, read(grubenvPath(device)));
        }
    }

    /** The version {@code slot} holds completely and exactly, if it holds one. */
    Optional<String> holds(Path device, SlotName slot) {
        Path directory = slotPath(device, slot);
        Path versionFile = directory.resolve("version");
        if (!Files.isRegularFile(versionFile)) {
            return Optional.empty();
        }
        String version = new String(read(versionFile), StandardCharsets.UTF_8).strip();
        Map<String, String> expected = releases.get(version);
        if (expected == null) {
            return Optional.empty();
        }
        for (String file : SLOT_FILES) {
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path) || !Digest.of(read(path)).hex().equals(expected.get(file))) {
                return Optional.empty();
            }
        }
        return Optional.of(version);
    }

    private void checkSlot(Path device, SlotName slot, List<String> violations) {
        Path versionFile = slotPath(device, slot).resolve("version");
        if (Files.isRegularFile(versionFile) && holds(device, slot).isEmpty()) {
            violations.add("slot " + slot + " has a version file ("
                    + new String(read(versionFile), StandardCharsets.UTF_8).strip()
                    + ") but does not hold that version completely");
        }
    }

    private static Optional<BootState> boot(Path device, List<String> violations) {
        try {
            return Optional.of(BootState.of(GrubEnv.parse(read(grubenvPath(device)))));
        } catch (UpdateException e) {
            violations.add("the GRUB environment is not usable: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void checkState(Path device, Optional<BootState> boot, List<String> violations) {
        Path file = device.resolve("var/lib/kubesolo/update/state.json");
        if (!Files.exists(file)) {
            return;
        }
        List<String> warnings = new ArrayList<>();
        UpdateState state = new StateStore(file, warnings::add).read();
        warnings.forEach(warning -> violations.add("state.json does not read cleanly: " + warning));
        if (boot.isEmpty() || !warnings.isEmpty()) {
            return;
        }
        SlotName active = boot.get().activeSlot();
        Phase phase = state.phase();
        String target = state.toVersion();
        if (phase == Phase.STAGED && !Optional.ofNullable(target).equals(holds(device, active.other()))) {
            violations.add("state.json says " + target + " is staged, but the passive slot " + active.other()
                    + " holds " + holds(device, active.other()).orElse("no complete system"));
        }
        if ((phase == Phase.ACTIVATED || phase == Phase.VERIFYING || phase == Phase.SUCCESS)
                && Stream.of(SlotName.values())
                        .noneMatch(slot -> holds(device, slot).equals(Optional.ofNullable(target)))) {
            violations.add("state.json says " + phase + " towards " + target + ", but no slot holds it");
        }
        if (phase == Phase.SUCCESS
                && (!holds(device, active).equals(Optional.ofNullable(target))
                        || !boot.get().bootSuccess())) {
            violations.add("state.json says success for " + target + ", but GRUB boots slot " + active
                    + " with boot_success=" + (boot.get().bootSuccess() ? 1 : 0));
        }
    }

    static Path slotPath(Path device, SlotName slot) {
        return device.resolve("slots").resolve(slot.name());
    }

    static Path grubenvPath(Path device) {
        return device.resolve("boot/grub/grubenv");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
