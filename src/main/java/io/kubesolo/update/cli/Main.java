package io.kubesolo.update.cli;

import io.kubesolo.update.cli.KubesoloUpdateCommand.Subcommand;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point: builds the command line and exits with what the command returned. */
public final class Main {

    /**
     * Picocli registers a converter for every java.time and java.sql type by reflection whenever it
     * builds a command line, running java.time's static initialisers (formatters, regular
     * expressions): a tenth of a status's start-up (JFR). No option takes such a type without a
     * converter of its own (CommandLineTest checks), so picocli is told to leave them out.
     */
    static final String CONVERTERS_EXCLUDED = "picocli.converters.excludes";

    static final String JAVA_TIME_AND_SQL = "java\\.(time|sql)\\..*";

    private Main() {}

    public static void main(String[] args) {
        String[] arguments = LeadingFlags.moveBehindCommand(args);
        System.exit(commandLine(arguments).execute(arguments));
    }

    /** The command line with every subcommand; tests run it in-process with their own output streams. */
    public static CommandLine commandLine() {
        return configured(KubesoloUpdateCommand.COMMANDS);
    }

    /**
     * The command line to run {@code args} with. Picocli builds the model of a command (options,
     * mixins, converters, help texts) by reflection when it is added, about a third of the CPU a
     * short command spends before doing anything; so only the command named in {@code args} is
     * added. {@code --help}, {@code --version} before it, or no known command at all, get every
     * command, for the usage list and the error messages.
     */
    public static CommandLine commandLine(String... args) {
        return configured(commandNamed(args).map(List::of).orElse(KubesoloUpdateCommand.COMMANDS));
    }

    private static Optional<Subcommand> commandNamed(String[] args) {
        for (String arg : args) {
            if (List.of("-h", "--help", "-V", "--version").contains(arg)) {
                return Optional.empty();
            }
            Optional<Subcommand> command = KubesoloUpdateCommand.named(arg);
            if (command.isPresent()) {
                return command;
            }
        }
        return Optional.empty();
    }

    private static CommandLine configured(List<Subcommand> commands) {
        System.setProperty(CONVERTERS_EXCLUDED, JAVA_TIME_AND_SQL);
        CommandLine commandLine = new CommandLine(new KubesoloUpdateCommand().model());
        // Loops, not method references: a lambda bound to picocli's CommandLine makes the CDS dump
        // link that class, and the dump skips linked pre-Java-6 class files (picocli's are Java 5),
        // so CommandLine (72 KB) would be parsed from the jar at every start.
        for (Subcommand command : commands) {
            commandLine.addSubcommand(command.name(), command.model());
        }
        addCodedOptions(commandLine);
        commandLine.setExitCodeExceptionMapper(new ExitCodes());
        commandLine.setExecutionExceptionHandler(new OneLineErrors());
        commandLine.setParameterExceptionHandler(new UsageErrors());
        return commandLine;
    }

    /** Gives the annotated commands under {@code commandLine} the options written in code they take. */
    private static void addCodedOptions(CommandLine commandLine) {
        if (commandLine.getCommand() instanceof TakesCodedOptions command) {
            command.addCodedOptions(commandLine.getCommandSpec());
        }
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            addCodedOptions(subcommand);
        }
    }
}
