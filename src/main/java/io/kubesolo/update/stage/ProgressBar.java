package io.kubesolo.update.stage;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.OptionalLong;

/** A progress bar redrawn in place with a carriage return, at most five times a second. */
final class ProgressBar implements Progress {

    private static final long REDRAW_MILLIS = 200;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final Clock clock;
    private final String what;
    private final OptionalLong total;
    private long done;
    private long lastDrawn = Long.MIN_VALUE;

    ProgressBar(PrintWriter out, Clock clock, String what, OptionalLong total) {
        this.out = out;
        this.clock = clock;
        this.what = what;
        this.total = total;
    }

    @Override
    public void advance(long bytes) {
        done += bytes;
        long now = clock.millis();
        if (now - lastDrawn >= REDRAW_MILLIS) {
            lastDrawn = now;
            draw();
        }
    }

    @Override
    public void finish() {
        draw();
        out.println();
        out.flush();
    }

    private void draw() {
        StringBuilder line = new StringBuilder("\r").append(what).append(' ');
        if (total.isPresent() && total.getAsLong() > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total.getAsLong());
            line.append('[')
                    .append("#".repeat(filled))
                    .append(" ".repeat(WIDTH - filled))
                    .append("] ")
                    .append(done * 100 / total.getAsLong())
                    .append("% ");
        }
        line.append(Bytes.mebibytes(done));
        out.print(line);
        out.flush();
    }
}
