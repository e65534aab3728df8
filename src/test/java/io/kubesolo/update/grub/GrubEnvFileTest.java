package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.slot.SlotName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubEnvFileTest {

    @TempDir
    Path root;

    private Path grubenv;
    private GrubEnvFile file;

    @BeforeEach
    void setUp() {
        grubenv = root.resolve("boot/grub/grubenv");
        file = new GrubEnvFile(grubenv);
    }

    private void existing(byte[] content) throws IOException {
        Files.createDirectories(grubenv.getParent());
        Files.write(grubenv, content);
    }

    private String[] directoryListing() throws IOException {
        try (Stream<Path> entries = Files.list(grubenv.getParent())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    /** Reading and writing both refuse the file, with {@code reason}, and leave it as it was. */
    private void assertRefusedAndUntouched(byte[] content, String reason) throws IOException {
        existing(content);
        String invalid = "GRUB environment " + grubenv + " is not a valid block: " + reason;

        assertThatThrownBy(file::read).isInstanceOf(GrubEnvException.class).hasMessage(invalid);
        assertThatThrownBy(() -> file.write(GrubEnv.empty().with("active_slot", "B")))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage(invalid + "; refusing to overwrite it");
        assertThatThrownBy(() -> new BootControl(file).activate(SlotName.B)).isInstanceOf(GrubEnvException.class);

        assertThat(Files.readAllBytes(grubenv)).isEqualTo(content);
        assertThat(directoryListing()).containsExactly("grubenv");
    }

    @Test
    void theDeviceBlockIsUnderTheRoot() {
        assertThat(GrubEnvFile.of(DeviceRoot.of(root)).path()).isEqualTo(root.resolve("boot/grub/grubenv"));
    }

    @Test
    void aMissingFileIsAnErrorThatSaysSo() {
        assertThatThrownBy(file::read)
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("GRUB environment " + grubenv + " does not exist")
                .extracting(e -> ((GrubEnvException) e).outcome())
                .isEqualTo(Outcome.FAILED);
    }

    @Test
    void refusesATooShortFile() throws IOException {
        assertRefusedAndUntouched(Arrays.copyOf(GrubEnv.empty().toBytes(), 17), "expected 1024 bytes, found 17");
    }

    @Test
    void refusesATooLongFile() throws IOException {
        byte[] twoBlocks = Arrays.copyOf(GrubEnv.empty().toBytes(), 2 * GrubEnv.BLOCK_SIZE);
        Arrays.fill(twoBlocks, GrubEnv.BLOCK_SIZE, twoBlocks.length, (byte) '#');
        assertRefusedAndUntouched(twoBlocks, "expected 1024 bytes, found 2048");
    }

    @Test
    void refusesABadHeader() throws IOException {
        byte[] block = GrubEnv.empty().toBytes();
        block[0] = ';';
        assertRefusedAndUntouched(block, "it does not start with the line '# GRUB Environment Block'");
    }

    @Test
    void refusesJunk() throws IOException {
        byte[] junk = new byte[GrubEnv.BLOCK_SIZE];
        Arrays.fill(junk, (byte) 0xA5);
        assertRefusedAndUntouched(junk, "it does not start with the line '# GRUB Environment Block'");
        assertRefusedAndUntouched(
                GrubEnvTest.block("not a variable\n"),
                "the line at byte 25 is neither a name=value variable nor a # comment");
    }

    @Test
    @Tag("system")
    void writesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        file.create(GrubEnv.empty().with("kept", "yes"));
        file.write(file.read().with("active_slot", "B"));

        assertThat(directoryListing()).containsExactly("grubenv");
        assertThat(Files.size(grubenv)).isEqualTo(GrubEnv.BLOCK_SIZE);
        assertThat(GrubEditenv.ok(grubenv, "list")).isEqualTo("kept=yes\nactive_slot=B\n");
    }

    @Test
    void writeCreatesAMissingFile() {
        file.write(GrubEnv.empty().with("a", "1"));

        assertThat(file.read()).isEqualTo(GrubEnv.empty().with("a", "1"));
    }

    @Test
    void refusesAFullBlockAndKeepsTheFile() throws IOException {
        file.create(GrubEnv.empty().with("a", "1"));
        byte[] before = Files.readAllBytes(grubenv);

        assertThatThrownBy(() -> file.write(GrubEnv.empty().with("a", "x".repeat(GrubEnv.BLOCK_SIZE))))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("cannot write GRUB environment " + grubenv + ": the GRUB variables take 1121 bytes,"
                        + " more than the 1024 of an environment block");

        assertThat(Files.readAllBytes(grubenv)).isEqualTo(before);
        assertThat(directoryListing()).containsExactly("grubenv");
    }

    @Test
    void createRefusesToReplaceAnExistingFile() throws IOException {
        existing("not a block".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> file.create(GrubEnv.empty()))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("GRUB environment " + grubenv + " already exists; refusing to replace it");
        assertThat(Files.readString(grubenv)).isEqualTo("not a block");
    }

    @Test
    @Tag("system")
    void createWritesTheFirstBlock() throws Exception {
        file.create(GrubEnv.empty());

        assertThat(Files.readAllBytes(grubenv)).isEqualTo(GrubEnv.empty().toBytes());
        assertThat(GrubEditenv.ok(grubenv, "list")).isEmpty();
    }
}
