package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.config.ConfKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The one table of update.conf keys, and what must agree with it: docs/cli.md and the flags' help. */
class SettingsTableTest {

    private static final Pattern CONF_KEY_IN_HELP = Pattern.compile("\\(update\\.conf:? ([a-z_]+)");

    @Test
    void docsCliMdListsExactlyTheKeysOfTheTable() throws IOException {
        String doc = Files.readString(Path.of("docs/cli.md"), StandardCharsets.UTF_8);
        assertThat(doc)
                .as(
                        "docs/cli.md's update.conf table must be ConfKey.markdownTable(); replace it with:%n%s",
                        ConfKey.markdownTable())
                .contains(ConfKey.markdownTable());
    }

    @Test
    void everyKeyAFlagsHelpNamesIsInTheTable() {
        int named = 0;
        for (CommandLine command : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                Matcher matcher = CONF_KEY_IN_HELP.matcher(String.join(" ", option.description()));
                while (matcher.find()) {
                    named++;
                    assertThat(ConfKey.named(matcher.group(1)))
                            .as(command.getCommandName() + " " + option.longestName())
                            .isPresent();
                }
            }
        }
        assertThat(named).isGreaterThan(10);
    }
}
