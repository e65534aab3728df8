package io.kubesolo.update.http.wire;

import io.kubesolo.update.Closeables;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Kept-alive connections waiting for their next request, a few per route: a registry pull makes
 * a dozen requests to one host, and a new TLS connection costs more than all their heads. One
 * idle too long is closed rather than handed out (servers close theirs after seconds to minutes).
 */
public final class ConnectionPool {

    private static final int MAX_IDLE_PER_ROUTE = 4;
    private static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private final Map<Route, Deque<Connection>> idle = new HashMap<>();

    /** The most recently used idle connection for {@code route}, if one is fresh enough. */
    public synchronized Optional<Connection> take(Route route) {
        Deque<Connection> connections = idle.get(route);
        while (connections != null && !connections.isEmpty()) {
            Connection connection = connections.pollLast();
            if (System.nanoTime() - connection.idleSince() < MAX_IDLE.toNanos()) {
                return Optional.of(connection);
            }
            Closeables.closeQuietly(connection);
        }
        return Optional.empty();
    }

    synchronized void release(Connection connection) {
        connection.idleSince(System.nanoTime());
        Deque<Connection> connections = idle.computeIfAbsent(connection.route(), route -> new ArrayDeque<>());
        connections.addLast(connection);
        if (connections.size() > MAX_IDLE_PER_ROUTE) {
            Closeables.closeQuietly(connections.pollFirst());
        }
    }
}
