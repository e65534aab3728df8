package io.kubesolo.update.stage;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * Starts a {@link Progress} per download. On a terminal it draws a bar; anywhere else (a journal,
 * a pipe) it logs a line every few seconds or every 10 %, whichever comes first.
 */
public interface ProgressReporter {

    /** Starts reporting one file: {@code what} names it ("vmlinuz"), {@code totalBytes} is its size when known. */
    Progress start(String what, OptionalLong totalBytes);

    /** A bar redrawn in place when {@code terminal}, else periodic log lines, on {@code out}. */
    static ProgressReporter to(PrintWriter out, boolean terminal, Clock clock) {
        return terminal
                ? (what, total) -> new ProgressBar(out, clock, what, total)
                : (what, total) -> new ProgressLog(out, clock, what, total);
    }

    static ProgressReporter silent() {
        return (what, total) -> new Progress() {
            @Override
            public void advance(long bytes) {}

            @Override
            public void finish() {}
        };
    }
}
