package io.kubesolo.update.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bound on a whole answer where the read timeout only bounds each read: a server sending one
 * header line, or one byte of a manifest, every half second is never idle long enough for the
 * read timeout and would hold the agent (and the device lock) for ever.
 *
 * <p>Headers are bounded by a watchdog that disconnects the connection when they are not complete
 * in time: the JDK parses them inside one call that nothing else can interrupt. A small document's
 * body is bounded between reads ({@link #bound}), each read by the read timeout.
 */
final class ResponseDeadline {

    private final Duration length;
    private ScheduledThreadPoolExecutor watchdog;

    ResponseDeadline(Duration length) {
        this.length = length;
    }

    Duration length() {
        return length;
    }

    /** Disconnects {@code connection} unless {@link Watch#cancel} comes within the deadline. */
    Watch watch(HttpURLConnection connection, Duration extra) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog()
                .schedule(
                        () -> {
                            expired.set(true);
                            connection.disconnect();
                        },
                        length.plus(extra).toMillis(),
                        TimeUnit.MILLISECONDS);
        return new Watch(alarm, expired);
    }

    /** A running watch over one wait. */
    record Watch(ScheduledFuture<?> alarm, AtomicBoolean expired) {

        /** Stops the watch; whether it had already fired. */
        boolean cancel() {
            alarm.cancel(false);
            return expired.get();
        }
    }

    private synchronized ScheduledThreadPoolExecutor watchdog() {
        if (watchdog == null) {
            watchdog = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "http-response-deadline");
                thread.setDaemon(true);
                return thread;
            });
            watchdog.setRemoveOnCancelPolicy(true);
        }
        return watchdog;
    }

    /** "3 s", or "500 ms" for less than a second. */
    static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    /** {@code in}, failing once it has taken longer than the deadline from now. */
    InputStream bound(InputStream in, String action) {
        long end = System.nanoTime() + length.toNanos();
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count++;
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int max) throws IOException {
                int read = super.read(buffer, offset, max);
                if (read > 0) {
                    count += read;
                    check();
                }
                return read;
            }

            private void check() {
                if (System.nanoTime() - end > 0) {
                    throw new HttpSourceException(action + ": the server sent " + count + " bytes in "
                            + describe(length) + " and is still sending; giving up on a document this small");
                }
            }
        };
    }
}
