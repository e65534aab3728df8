package io.kubesolo.update.stage;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.OptionalLong;

/** Progress as log lines, for journals and pipes: one every 5 seconds or every 10 %. */
final class ProgressLog implements Progress {

    private static final long INTERVAL_MILLIS = 5_000;

    private final PrintWriter out;
    private final Clock clock;
    private final String what;
    private final OptionalLong total;
    private long done;
    private long lastLogged;
    private long lastTenth;

    ProgressLog(PrintWriter out, Clock clock, String what, OptionalLong total) {
        this.out = out;
        this.clock = clock;
        this.what = what;
        this.total = total;
        this.lastLogged = clock.millis();
        out.println("downloading " + what + (total.isPresent() ? " (" + Bytes.mebibytes(total.getAsLong()) + ")" : ""));
        out.flush();
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        long now = clock.millis();
        long tenth = total.isPresent() && total.getAsLong() > 0 ? done * 10 / total.getAsLong() : 0;
        boolean complete = total.isPresent() && done >= total.getAsLong();
        if (!complete && (now - lastLogged >= INTERVAL_MILLIS || tenth > lastTenth)) {
            lastLogged = now;
            lastTenth = tenth;
            log();
        }
    }

    @Override
    public void finish() {
        out.println("downloaded " + what + ": " + Bytes.mebibytes(done));
        out.flush();
    }

    private void log() {
        String percent = total.isPresent() && total.getAsLong() > 0 ? " (" + done * 100 / total.getAsLong() + "%)" : "";
        out.println("downloading " + what + ": " + Bytes.mebibytes(done) + percent);
        out.flush();
    }
}
