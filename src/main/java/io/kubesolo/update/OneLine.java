package io.kubesolo.update;

/**
 * Text from outside (a server's channel or release notes, a reason phrase, a registry's error, a
 * file's content) made safe to print or store as one line: control characters, newlines and
 * escape sequences included, are shown as {@code \n}, {@code \r}, {@code \t} or {@code \xNN}. A
 * newline in a release's channel must not forge a second line in a journal or report, and an
 * {@code ESC ]0;title BEL ESC [2J} must not drive the operator's terminal. Used on every line the
 * program prints and on every message it stores.
 */
public final class OneLine {

    private OneLine() {}

    public static String of(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                line.append(String.format("\\x%02x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }

    /**
     * The first line of an exception's message ("unreadable" when there is none): parsers such as
     * Jackson append the offending source and location on further lines.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
