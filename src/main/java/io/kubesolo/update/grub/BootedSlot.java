package io.kubesolo.update.grub;

import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.slot.SlotName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The slot the running system was booted from (docs/grubenv.md "Which slot is running"). The
 * shipped grub.cfg puts {@code kubesolo.slot=A|B} on the kernel command line, so the kernel says
 * it in {@code /proc/cmdline}. Without it (a grub.cfg of its own, a simulated device), it is
 * inferred from the GRUB variables: the active slot, or the other one while a switch is pending.
 */
public record BootedSlot(SlotName slot, Source source) {

    /** Where the answer came from. */
    public enum Source {
        KERNEL_COMMAND_LINE("kernel_command_line"),
        GRUB_ENVIRONMENT("grub_environment");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    static final String PARAMETER = "kubesolo.slot=";
    static final String CMDLINE = "/proc/cmdline";

    /** The booted slot of the device at {@code root}, whose GRUB variables are {@code boot}. */
    public static BootedSlot of(DeviceRoot root, BootState boot) {
        return fromCommandLine(root.resolve(CMDLINE))
                .map(slot -> new BootedSlot(slot, Source.KERNEL_COMMAND_LINE))
                .orElseGet(() -> new BootedSlot(boot.runningSlot(), Source.GRUB_ENVIRONMENT));
    }

    /** The slot {@code kubesolo.slot=} names in the command line file, if it names A or B. */
    static Optional<SlotName> fromCommandLine(Path cmdline) {
        String text;
        try {
            text = Files.readString(cmdline, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GrubEnvException("cannot read the kernel command line " + cmdline + ": " + e.getMessage(), e);
        }
        Optional<SlotName> slot = Optional.empty();
        for (String word : text.strip().split("\\s+", -1)) {
            if (word.startsWith(PARAMETER)) {
                slot = SlotName.parse(word.substring(PARAMETER.length())); // the last one counts, as for the kernel
            }
        }
        return slot;
    }
}
