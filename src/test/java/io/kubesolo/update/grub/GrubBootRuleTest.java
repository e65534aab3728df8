package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.slot.SlotName;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubBootRuleTest {

    @TempDir
    Path dir;

    private static GrubEnv state(SlotName slot, int counter, boolean success) {
        return new BootState(slot, counter, success).applyTo(GrubEnv.empty());
    }

    @Test
    void threeUnconfirmedBootsFallBackToTheOtherSlot() {
        GrubEnv env = state(SlotName.B, 3, false);

        GrubBootRule.Boot first = GrubBootRule.boot(env);
        GrubBootRule.Boot second = GrubBootRule.boot(first.env());
        GrubBootRule.Boot third = GrubBootRule.boot(second.env());
        GrubBootRule.Boot fourth = GrubBootRule.boot(third.env());

        assertThat(first.slot()).isEqualTo(SlotName.B);
        assertThat(second.slot()).isEqualTo(SlotName.B);
        assertThat(third.slot()).isEqualTo(SlotName.B);
        assertThat(BootState.of(third.env())).isEqualTo(new BootState(SlotName.B, 0, false));
        assertThat(fourth.slot()).isEqualTo(SlotName.A);
        assertThat(BootState.of(fourth.env())).isEqualTo(new BootState(SlotName.A, 2, false));
    }

    @Test
    void aConfirmedBootStays() {
        GrubBootRule.Boot boot = GrubBootRule.boot(state(SlotName.B, 0, true));

        assertThat(boot.slot()).isEqualTo(SlotName.B);
        assertThat(BootState.of(boot.env())).isEqualTo(new BootState(SlotName.B, 0, false));
    }

    @Test
    @Tag("system")
    void confirmingEveryBootKeepsTheSlotForever() throws Exception {
        Path grubenv = dir.resolve("grubenv");
        GrubEditenv.ok(grubenv, "create");
        GrubEnvFile file = new GrubEnvFile(grubenv);
        BootControl control = new BootControl(file);
        control.activate(SlotName.B);

        for (int i = 0; i < 10; i++) {
            assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.B);
            control.confirm();
        }
        assertThat(GrubEditenv.ok(grubenv, "list")).isEqualTo("active_slot=B\nboot_counter=3\nboot_success=1\n");
    }

    @Test
    void anActivationThatIsNeverConfirmedFallsBackOnTheFourthBoot() {
        GrubEnvFile file = new GrubEnvFile(dir.resolve("grubenv"));
        file.create(GrubEnv.empty());
        BootControl control = new BootControl(file);
        control.activate(SlotName.B);

        assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.B);
        assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.B);
        assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.B);
        assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.A);
        assertThat(control.read()).isEqualTo(new BootState(SlotName.A, 2, false));
    }

    @Test
    void aRollbackBootsTheSlotPointedAt() {
        GrubEnvFile file = new GrubEnvFile(dir.resolve("grubenv"));
        file.create(state(SlotName.B, 0, false));
        new BootControl(file).pointAt(SlotName.A);

        assertThat(GrubBootRule.boot(file)).isEqualTo(SlotName.A);
    }

    @Test
    void aFreshBlockBootsSlotAWithTheFullCounter() {
        GrubBootRule.Boot boot = GrubBootRule.boot(GrubEnv.empty());

        assertThat(boot.slot()).isEqualTo(SlotName.A);
        assertThat(boot.env().variables())
                .containsEntry("active_slot", "A")
                .containsEntry("boot_counter", "2")
                .containsEntry("boot_success", "0");
    }

    @Test
    void readsJunkTheWayTheGrubCfgDoes() {
        GrubEnv junk = GrubEnv.empty()
                .with("active_slot", "C")
                .with("boot_counter", "x")
                .with("boot_success", "yes")
                .with("other", "kept");

        GrubBootRule.Boot first = GrubBootRule.boot(junk);
        GrubBootRule.Boot second = GrubBootRule.boot(first.env());

        assertThat(first.slot()).isEqualTo(SlotName.A);
        assertThat(BootState.of(first.env())).isEqualTo(new BootState(SlotName.A, 0, false));
        assertThat(first.env().get("other")).contains("kept");
        assertThat(second.slot()).isEqualTo(SlotName.B);
    }
}
