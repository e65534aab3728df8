package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grub.cfg that docs/grubenv.md gives for GRUB's side is a script GRUB can parse. */
class GrubCfgSnippetTest {

    private static final Path DOC = Path.of("docs/grubenv.md");
    private static final Path CHECKER = Path.of("/usr/bin/grub-script-check");

    @TempDir
    Path dir;

    @Test
    void grubScriptCheckAcceptsIt() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("```grub\n");
        assertThat(start).as("a ```grub block in %s", DOC).isNotNegative();
        int end = doc.indexOf("\n```", start);
        String script = doc.substring(start + "```grub\n".length(), end + 1);
        assertThat(script).contains("load_env active_slot boot_counter boot_success",
                "save_env active_slot boot_counter boot_success");
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, script, StandardCharsets.UTF_8);
        Path output = dir.resolve("check.out");

        assertThat(CHECKER).as("grub-script-check from grub-common must be installed").isExecutable();
        Process check = new ProcessBuilder(CHECKER.toString(), cfg.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly().waitFor();
            throw new AssertionError("grub-script-check did not finish in 30 s");
        }

        assertThat(check.exitValue()).as(Files.readString(output)).isZero();
    }
}
