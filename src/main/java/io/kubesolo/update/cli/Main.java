package io.kubesolo.update.cli;

import picocli.CommandLine;

/** Entry point: builds the command line and exits with what the command returned. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process with their own output streams. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new KubesoloUpdateCommand());
        commandLine.setExitCodeExceptionMapper(new ExitCodes());
        commandLine.setExecutionExceptionHandler(new OneLineErrors());
        commandLine.setParameterExceptionHandler(new UsageErrors());
        return commandLine;
    }
}
