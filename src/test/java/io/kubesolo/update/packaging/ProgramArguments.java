package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kubesolo.update.cli.Main;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Checks a command line that packaging runs (a unit's ExecStart, a container's command and args)
 * against the program's own picocli model: the program path, a real subcommand, real flags with
 * valid values.
 */
final class ProgramArguments {

    /** Where every unit and manifest expects the program. */
    static final String PROGRAM = "/usr/bin/kubesolo-update";

    /**
     * Commands built on other branches (the HTTP and OCI sources). Until they are merged, a command
     * line naming one is skipped rather than failed; once merged it is checked like any other.
     */
    private static final Set<String> MERGED_LATER = Set.of("apply", "check");

    private ProgramArguments() {}

    /** Fails unless {@code argv} is a command line the program accepts; returns the subcommand it runs. */
    static String assertRunnable(List<String> argv) {
        assertThat(argv).as("command line").isNotEmpty();
        assertThat(argv.get(0)).as("program of %s", argv).isEqualTo(PROGRAM);
        List<String> args = argv.subList(1, argv.size());
        CommandLine commandLine = Main.commandLine();
        if (!args.isEmpty() && MERGED_LATER.contains(args.get(0))) {
            Assumptions.assumeTrue(
                    commandLine.getSubcommands().containsKey(args.get(0)),
                    "'" + args.get(0) + "' is not on this branch yet: " + argv);
        }
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return fail("%s is not a valid command line of the program: %s", argv, e.getMessage());
        }
        assertThat(parsed.hasSubcommand()).as("%s names a subcommand", argv).isTrue();
        return parsed.subcommand().commandSpec().name();
    }
}
