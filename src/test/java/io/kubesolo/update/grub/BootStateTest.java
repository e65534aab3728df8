package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.slot.SlotName;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootStateTest {

    @Test
    void readsTheThreeVariables() {
        GrubEnv env = GrubEnv.empty()
                .with("active_slot", "B")
                .with("boot_counter", "1")
                .with("boot_success", "1");

        assertThat(BootState.of(env)).isEqualTo(new BootState(SlotName.B, 1, true));
    }

    @Test
    void unsetVariablesReadAsAFreshDevice() {
        assertThat(BootState.of(GrubEnv.empty())).isEqualTo(new BootState(SlotName.A, 3, false));
    }

    @Test
    void refusesValuesOutsideTheSpec() {
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("active_slot", "C")))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("GRUB variable active_slot is 'C', expected A or B");
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("active_slot", "a")))
                .hasMessage("GRUB variable active_slot is 'a', expected A or B");
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("boot_counter", "4")))
                .hasMessage("GRUB variable boot_counter is '4', expected 0, 1, 2 or 3");
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("boot_counter", "")))
                .hasMessage("GRUB variable boot_counter is '', expected 0, 1, 2 or 3");
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("boot_counter", "-1")))
                .hasMessage("GRUB variable boot_counter is '-1', expected 0, 1, 2 or 3");
        assertThatThrownBy(() -> BootState.of(GrubEnv.empty().with("boot_success", "yes")))
                .hasMessage("GRUB variable boot_success is 'yes', expected 0 or 1");
    }

    @Test
    void appliesAllThreeAndKeepsEverythingElse() {
        GrubEnv env = GrubEnv.empty().with("saved_entry", "x").with("boot_counter", "0");

        GrubEnv applied = new BootState(SlotName.B, 3, false).applyTo(env);

        assertThat(applied.variables())
                .containsExactly(
                        Map.entry("saved_entry", "x"), Map.entry("boot_counter", "3"),
                        Map.entry("active_slot", "B"), Map.entry("boot_success", "0"));
    }

    @Test
    void aSwitchIsPendingUntilGrubCountsTheNewSlotDown() {
        BootState pointedAtB = new BootState(SlotName.B, 3, false);
        assertThat(pointedAtB.switchPending()).isTrue();
        assertThat(pointedAtB.runningSlot()).isEqualTo(SlotName.A);

        BootState bootedB = new BootState(SlotName.B, 2, false);
        assertThat(bootedB.switchPending()).isFalse();
        assertThat(bootedB.runningSlot()).isEqualTo(SlotName.B);

        BootState confirmedB = new BootState(SlotName.B, 3, true);
        assertThat(confirmedB.switchPending()).isFalse();
        assertThat(confirmedB.runningSlot()).isEqualTo(SlotName.B);
    }
}
