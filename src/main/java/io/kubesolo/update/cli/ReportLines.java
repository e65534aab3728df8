package io.kubesolo.update.cli;

import io.kubesolo.update.OneLine;
import java.io.PrintWriter;

/**
 * A command's human report, one line per call, escaped as {@link OneLine} does: the lines quote
 * releases, servers and state, which must neither add lines nor drive the terminal.
 */
final class ReportLines {

    private ReportLines() {}

    static void println(PrintWriter out, String line) {
        out.println(OneLine.of(line));
    }
}
