package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped grub.cfg (packaging/grub/grub.cfg) is valid GRUB script, and real GRUB running it saves exactly the
 * block {@link GrubBootRule} computes and boots the same slot: the simulation is GRUB.
 */
@Tag("system")
class GrubCfgTest {

    private static final Path SCRIPT_CHECK = Path.of("/usr/bin/grub-script-check");

    @TempDir
    Path dir;

    @Test
    void grubScriptCheckAcceptsTheShippedScript() throws Exception {
        String script = ShippedGrubCfg.script();
        assertThat(script)
                .contains(
                        "load_env active_slot boot_counter boot_success",
                        "save_env active_slot boot_counter boot_success");
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, script, StandardCharsets.UTF_8);
        Path output = dir.resolve("check.out");

        assertThat(SCRIPT_CHECK)
                .as("grub-script-check from grub-common must be installed")
                .isExecutable();
        Process check = new ProcessBuilder(SCRIPT_CHECK.toString(), cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly().waitFor();
            throw new AssertionError("grub-script-check did not finish in 30 s");
        }

        assertThat(check.exitValue()).as(Files.readString(output)).isZero();
    }

    static Stream<Arguments> blocks() {
        return Stream.of(
                block("a fresh block", env -> env),
                block("just activated", env -> env.with("active_slot", "B")
                        .with("boot_counter", "3")
                        .with("boot_success", "0")),
                block("last attempt", env -> env.with("active_slot", "B")
                        .with("boot_counter", "1")
                        .with("boot_success", "0")),
                block("attempts used up", env -> env.with("active_slot", "B")
                        .with("boot_counter", "0")
                        .with("boot_success", "0")),
                block("confirmed", env -> env.with("active_slot", "A")
                        .with("boot_counter", "3")
                        .with("boot_success", "1")),
                block("confirmed with no attempts left", env -> env.with("active_slot", "B")
                        .with("boot_counter", "0")
                        .with("boot_success", "1")),
                block("junk values", env -> env.with("active_slot", "C")
                        .with("boot_counter", "x")
                        .with("boot_success", "yes")),
                block("other variables around", env -> env.with("saved_entry", "KubeSolo\\B")
                        .with("boot_success", "0")
                        .with("note", "two\nlines")
                        .with("active_slot", "B")));
    }

    private static Arguments block(String name, UnaryOperator<GrubEnv> edit) {
        return Arguments.of(Named.of(name, edit.apply(GrubEnv.empty())));
    }

    @ParameterizedTest
    @MethodSource("blocks")
    void realGrubSavesWhatGrubBootRuleComputes(GrubEnv before) throws Exception {
        GrubEmu.Boot grub = new GrubEmu(dir).boot(ShippedGrubCfg.bootRule(), before.toBytes());

        GrubBootRule.Boot simulated = GrubBootRule.boot(before);

        assertThat(grub.slot()).isEqualTo(simulated.slot());
        assertThat(new String(grub.grubenv(), StandardCharsets.UTF_8))
                .isEqualTo(new String(simulated.env().toBytes(), StandardCharsets.UTF_8));
        assertThat(grub.grubenv()).isEqualTo(simulated.env().toBytes());
    }
}
