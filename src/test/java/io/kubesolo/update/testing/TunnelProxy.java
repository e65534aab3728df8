package io.kubesolo.update.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process proxy on 127.0.0.1 that answers {@code CONNECT host:port} with a tunnel, as a
 * client configured with {@code HTTPS_PROXY} reaches https servers through it: TLS goes end to
 * end inside, the proxy sees only the host name. Records each CONNECT target; refuses every
 * tunnel with 403 when told to, as a proxy's policy would.
 */
public final class TunnelProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final boolean refuse;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TunnelProxy(boolean refuse) throws IOException {
        this.refuse = refuse;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tunnel-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that opens every tunnel asked for. */
    public static TunnelProxy open() throws IOException {
        return new TunnelProxy(false);
    }

    /** A proxy that answers every CONNECT with 403 Forbidden. */
    public static TunnelProxy refusing() throws IOException {
        return new TunnelProxy(true);
    }

    /** {@code http://127.0.0.1:<port>}, as HTTPS_PROXY names it. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The {@code host:port} of every CONNECT received. */
    public List<String> targets() {
        return targets;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread tunnel = new Thread(() -> tunnel(client), "tunnel");
                tunnel.setDaemon(true);
                tunnel.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            String[] requestLine =
                    head(client.getInputStream()).split("\r\n", 2)[0].split(" ", -1);
            OutputStream toClient = client.getOutputStream();
            if (!requestLine[0].equals("CONNECT") || refuse) {
                toClient.write(
                        "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                return;
            }
            targets.add(requestLine[1]);
            String[] hostPort = requestLine[1].split(":", -1);
            try (Socket server = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                sockets.add(server);
                toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                toClient.flush();
                Thread upstream = new Thread(() -> pipe(client, server), "tunnel-up");
                upstream.setDaemon(true);
                upstream.start();
                pipe(server, client);
            }
        } catch (IOException e) {
            // a side closed: the tunnel ends
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // a side closed: the tunnel ends
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
