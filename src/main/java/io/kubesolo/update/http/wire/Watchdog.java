package io.kubesolo.update.http.wire;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a socket whose operation is not done in time, for the waits no socket timeout covers:
 * a TLS handshake (its reads happen inside the JDK, each bounded, the whole not) and a write (a
 * socket timeout bounds reads only). One daemon thread, started at the first use.
 */
final class Watchdog {

    private static ScheduledThreadPoolExecutor executor;

    private Watchdog() {}

    /** A running watch over one operation. */
    static final class Watch {
        private final ScheduledFuture<?> alarm;
        private final AtomicBoolean fired;

        private Watch(ScheduledFuture<?> alarm, AtomicBoolean fired) {
            this.alarm = alarm;
            this.fired = fired;
        }

        /** Stops the watch; whether it had already closed the socket. */
        boolean stop() {
            alarm.cancel(false);
            return fired.get();
        }
    }

    /** Closes {@code socket} after {@code limit} unless the watch is stopped first. */
    static Watch close(Socket socket, Duration limit) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> alarm = executor()
                .schedule(
                        () -> {
                            fired.set(true);
                            try {
                                socket.close();
                            } catch (IOException e) {
                                // closing is all the watchdog can do; the waiting operation fails either way
                            }
                        },
                        Math.max(0, limit.toMillis()),
                        TimeUnit.MILLISECONDS);
        return new Watch(alarm, fired);
    }

    private static synchronized ScheduledThreadPoolExecutor executor() {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "http-watchdog");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor;
    }
}
