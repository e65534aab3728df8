package io.kubesolo.update.cli;

import io.kubesolo.update.OneLine;
import java.io.PrintWriter;

/** Diagnostic lines on stderr, prefixed so they are told apart from a command's report on stdout. */
final class Log {

    private Log() {}

    static void warn(PrintWriter err, String message) {
        err.println("kubesolo-update: warning: " + OneLine.of(message));
        err.flush();
    }

    static void info(PrintWriter err, String message) {
        err.println("kubesolo-update: " + OneLine.of(message));
        err.flush();
    }
}
