package io.kubesolo.update.cli;

import io.kubesolo.update.OneLine;
import io.kubesolo.update.UpdateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Prints a failure as the one line an operator reads in a journal: {@code kubesolo-update: <what
 * and why>}. Our own errors already say what and why; anything else is a bug or an unexpected
 * system error, reported by type and message (and with the stack trace under {@code --debug}).
 * A command asked for an {@link OutcomeDocument} gets one on stdout for its failure too.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message;
        if (exception instanceof UpdateException) {
            message = exception.getMessage();
        } else if (exception instanceof UncheckedIOException || exception instanceof IOException) {
            message = "I/O error: " + messageOf(exception);
        } else {
            message = "internal error (" + exception.getClass().getName() + "): " + messageOf(exception)
                    + "; please report this";
        }
        if (commandLine.getCommand() instanceof OutcomeDocument.Producer producer
                && commandLine.getParseResult().hasMatchedOption(JsonOption.NAME)) {
            OutcomeDocument.failure(producer, exception, OneLine.of(message)).print(commandLine.getOut());
        }
        commandLine.getErr().println("kubesolo-update: " + OneLine.of(message));
        if (Boolean.getBoolean("kubesolo.debug") || System.getenv("KUBESOLO_UPDATE_DEBUG") != null) {
            exception.printStackTrace(commandLine.getErr());
        }
        return commandLine.getExitCodeExceptionMapper().getExitCode(exception);
    }

    private static String messageOf(Throwable throwable) {
        return throwable.getMessage() == null ? "(no message)" : throwable.getMessage();
    }
}
