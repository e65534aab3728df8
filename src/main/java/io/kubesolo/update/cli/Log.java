package io.kubesolo.update.cli;

import java.io.PrintWriter;

/** Diagnostic lines on stderr, prefixed so they are told apart from a command's report on stdout. */
final class Log {

    private Log() {
    }

    static void warn(PrintWriter err, String message) {
        err.println("kubesolo-update: warning: " + message);
        err.flush();
    }

    static void info(PrintWriter err, String message) {
        err.println("kubesolo-update: " + message);
        err.flush();
    }
}
