package io.kubesolo.update.cli;

import java.io.PrintWriter;

/** Diagnostic lines on stderr, prefixed so they are told apart from a command's report on stdout. */
final class Log {

    private Log() {
    }

    static void warn(PrintWriter err, String message) {
        err.println("kubesolo-update: warning: " + oneLine(message));
        err.flush();
    }

    static void info(PrintWriter err, String message) {
        err.println("kubesolo-update: " + oneLine(message));
        err.flush();
    }

    /**
     * {@code message} on one line: control characters (newlines, escape sequences, NUL) shown as
     * {@code \n}, {@code \r}, {@code \t} or {@code \xNN}. Messages quote what servers, files and
     * registries sent; a newline in a release's channel must not forge a second line in a journal.
     */
    static String oneLine(String message) {
        StringBuilder line = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else if (Character.isISOControl(c)) {
                line.append(String.format("\\x%02x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
