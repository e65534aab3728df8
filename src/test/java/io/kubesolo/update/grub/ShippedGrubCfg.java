package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The grub.cfg the project ships for GRUB's side of the protocol (docs/grubenv.md). */
final class ShippedGrubCfg {

    static final Path FILE = Path.of("packaging/grub/grub.cfg");

    private ShippedGrubCfg() {}

    /** The whole script. */
    static String script() throws IOException {
        return Files.readString(FILE, StandardCharsets.UTF_8);
    }

    /** The part that reads, changes and saves the variables: everything before the slot is searched. */
    static String bootRule() throws IOException {
        String script = script();
        int search = script.indexOf("search --no-floppy");
        assertThat(search)
                .as("the script searches the slot after saving the variables")
                .isPositive();
        return script.substring(0, search);
    }
}
