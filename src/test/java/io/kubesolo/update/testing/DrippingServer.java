package io.kubesolo.update.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that never finishes an answer, sending it a little every half second: one
 * header line at a time, or the headers and then one byte of the body at a time. Never idle long
 * enough for a read timeout; a real server cannot be made to do this, hence a raw socket. Answers
 * every request on every path the same way, for at most two minutes.
 */
public final class DrippingServer implements AutoCloseable {

    /** What is dripped. */
    public enum Drip {
        HEADERS,
        BODY,
        /** Complete headers, a little of the body, then silence. */
        STALL
    }

    private static final long INTERVAL_MILLIS = 500;
    private static final int DRIPS = 240;

    private final ServerSocket server;
    private final Drip drip;
    private final String contentType;
    private final long declaredLength;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** Drips the headers. */
    public static DrippingServer headers() throws IOException {
        return new DrippingServer(Drip.HEADERS, "", 0);
    }

    /** Sends complete headers declaring {@code contentType} and {@code declaredLength}, then drips the body. */
    public static DrippingServer body(String contentType, long declaredLength) throws IOException {
        return new DrippingServer(Drip.BODY, contentType, declaredLength);
    }

    /**
     * Sends complete headers declaring {@code declaredLength} bytes, the first seven of them,
     * then nothing more for two minutes: a read then waits for its whole read timeout.
     */
    public static DrippingServer stalled(String contentType, long declaredLength) throws IOException {
        return new DrippingServer(Drip.STALL, contentType, declaredLength);
    }

    private DrippingServer(Drip drip, String contentType, long declaredLength) throws IOException {
        this.drip = drip;
        this.contentType = contentType;
        this.declaredLength = declaredLength;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "dripping-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public String url() {
        return "http://" + host();
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread answer = new Thread(() -> answer(connection), "dripping-answer");
                answer.setDaemon(true);
                answer.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket connection) {
        try (connection) {
            readRequest(connection.getInputStream());
            requests.incrementAndGet();
            OutputStream out = connection.getOutputStream();
            send(out, "HTTP/1.1 200 OK\r\n");
            if (drip != Drip.HEADERS) {
                send(out, "Content-Type: " + contentType + "\r\nContent-Length: " + declaredLength + "\r\n\r\n");
            }
            if (drip == Drip.STALL) {
                send(out, "stalled");
                Thread.sleep(DRIPS * INTERVAL_MILLIS);
                return;
            }
            for (int i = 0; i < DRIPS; i++) {
                Thread.sleep(INTERVAL_MILLIS);
                send(out, drip == Drip.HEADERS ? "X-Drip-" + i + ": 1\r\n" : " ");
            }
        } catch (IOException e) {
            // the client gave up, as it should
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
