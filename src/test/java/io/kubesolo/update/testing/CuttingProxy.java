package io.kubesolo.update.testing;

import io.kubesolo.update.Closeables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (a registry, python's http.server) that
 * counts the bytes the server sends to the client and, on request, breaks the link at a chosen
 * byte: {@link #cutAt} closes every connection as soon as that many bytes (counted over all
 * connections, headers included) have gone through, once; {@link #stallAt} stops forwarding
 * there and holds the connection open, so that only the client's read timeout ends it.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong downstream = new AtomicLong();
    private final Object lock = new Object();
    private long breakAt = Long.MAX_VALUE;
    private boolean stall;

    private CuttingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** A proxy to {@code host:port} on loopback. */
    public static CuttingProxy to(int port) throws IOException {
        return new CuttingProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Bytes the server sent through the proxy so far, over all connections. */
    public long downstreamBytes() {
        return downstream.get();
    }

    /** Closes the connections once, when the byte count reaches {@code bytes}. */
    public void cutAt(long bytes) {
        synchronized (lock) {
            breakAt = bytes;
            stall = false;
        }
    }

    /** Stops forwarding once, when the byte count reaches {@code bytes}; the connection stays open. */
    public void stallAt(long bytes) {
        synchronized (lock) {
            breakAt = bytes;
            stall = true;
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server, false));
                threads.execute(() -> pump(server, client, true));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                int forward = read;
                boolean breakNow = false;
                boolean stallNow = false;
                if (counted) {
                    synchronized (lock) {
                        long before = downstream.get();
                        if (before + read >= breakAt) {
                            forward = (int) (breakAt - before);
                            breakNow = true;
                            stallNow = stall;
                            breakAt = Long.MAX_VALUE;
                        }
                        downstream.addAndGet(forward);
                    }
                }
                out.write(buffer, 0, forward);
                out.flush();
                if (stallNow) {
                    holdUntilClosed(from);
                    return;
                }
                if (breakNow) {
                    from.close();
                    to.close();
                    return;
                }
            }
        } catch (IOException e) {
            // One side went away; the other is closed below.
        } finally {
            Closeables.closeQuietly(from);
            Closeables.closeQuietly(to);
        }
    }

    /** Reads nothing more and sends nothing more until the client gives up. */
    private static void holdUntilClosed(Socket socket) {
        while (!socket.isClosed()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(Closeables::closeQuietly);
        threads.shutdownNow();
    }
}
