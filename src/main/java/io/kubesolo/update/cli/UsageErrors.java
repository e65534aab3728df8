package io.kubesolo.update.cli;

import picocli.CommandLine;

/** A wrong command line: one line saying what is wrong, a pointer to --help, exit status 2. */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        commandLine.getErr().println("kubesolo-update: " + exception.getMessage());
        commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.USAGE;
    }
}
