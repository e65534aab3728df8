package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The grub.cfg for GRUB's side of the protocol, as docs/grubenv.md gives it. */
final class DocumentedGrubCfg {

    private static final Path DOC = Path.of("docs/grubenv.md");
    private static final String FENCE = "```grub\n";

    private DocumentedGrubCfg() {
    }

    /** The whole {@code ```grub} block of the document. */
    static String script() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf(FENCE);
        assertThat(start).as("a ```grub block in %s", DOC).isNotNegative();
        int end = doc.indexOf("\n```", start);
        return doc.substring(start + FENCE.length(), end + 1);
    }

    /** The part that reads, changes and saves the variables: everything before the slot is searched. */
    static String bootRule() throws IOException {
        String script = script();
        int search = script.indexOf("search --no-floppy");
        assertThat(search).as("the script searches the slot after saving the variables").isPositive();
        return script.substring(0, search);
    }
}
