package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.slot.SlotName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("system")
class BootControlTest {

    @TempDir
    Path dir;

    private Path grubenv;
    private BootControl control;

    /** A device as grub-editenv set it up, with variables the agent does not know about. */
    @BeforeEach
    void setUp() throws Exception {
        grubenv = dir.resolve("grubenv");
        GrubEditenv.ok(grubenv, "create");
        GrubEditenv.ok(
                grubenv,
                "set",
                "saved_entry=KubeSolo",
                "active_slot=A",
                "boot_counter=2",
                "boot_success=0",
                "kernel_args=console=ttyS0 quiet\\x");
        control = new BootControl(new GrubEnvFile(grubenv));
    }

    private String listed() throws Exception {
        return GrubEditenv.ok(grubenv, "list");
    }

    @Test
    void readsWhatGrubEditenvSet() {
        assertThat(control.read()).isEqualTo(new BootState(SlotName.A, 2, false));
    }

    @Test
    void activatePutsTheTargetOnProbation() throws Exception {
        control.activate(SlotName.B);

        assertThat(control.read()).isEqualTo(new BootState(SlotName.B, 3, false));
        assertThat(listed()).isEqualTo("""
                           saved_entry=KubeSolo
                           active_slot=B
                           boot_counter=3
                           boot_success=0
                           kernel_args=console=ttyS0 quiet\\x
                           """);
    }

    @Test
    void confirmMarksTheActiveSlotGoodAndRefillsTheCounter() throws Exception {
        control.activate(SlotName.B);
        control.confirm();

        assertThat(control.read()).isEqualTo(new BootState(SlotName.B, 3, true));
        assertThat(listed()).contains("saved_entry=KubeSolo\n", "kernel_args=console=ttyS0 quiet\\x\n");
    }

    @Test
    void pointAtMakesASlotTheNextBootAsKnownGood() throws Exception {
        control.activate(SlotName.B);
        control.pointAt(SlotName.A);

        assertThat(control.read()).isEqualTo(new BootState(SlotName.A, 3, true));
        assertThat(listed()).isEqualTo("""
                           saved_entry=KubeSolo
                           active_slot=A
                           boot_counter=3
                           boot_success=1
                           kernel_args=console=ttyS0 quiet\\x
                           """);
    }

    @Test
    void eachChangeIsOneReplacementOfTheFile() throws Exception {
        Object before = Files.readAttributes(grubenv, "unix:ino").get("ino");

        control.activate(SlotName.B);

        Object after = Files.readAttributes(grubenv, "unix:ino").get("ino");
        assertThat(after).as("the block was renamed into place, not rewritten").isNotEqualTo(before);
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(grubenv);
        }
    }

    @Test
    void addsTheVariablesToABlockWithoutThem() throws Exception {
        Files.delete(grubenv);
        GrubEditenv.ok(grubenv, "create");

        assertThat(control.read()).isEqualTo(new BootState(SlotName.A, 3, false));
        control.activate(SlotName.B);

        assertThat(listed()).isEqualTo("active_slot=B\nboot_counter=3\nboot_success=0\n");
    }
}
