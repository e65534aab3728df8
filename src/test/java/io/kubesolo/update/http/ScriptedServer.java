package io.kubesolo.update.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server that answers each request with the next of a list of raw HTTP answers, byte
 * for byte as written, and then keeps the connection, closes it or goes silent: for the framing,
 * keep-alive and bounds a real server will not get wrong on purpose.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does after writing an answer. */
    enum After {
        KEEP_OPEN,
        CLOSE,
        STALL
    }

    /** One answer, as raw bytes (ISO-8859-1 text), and what follows it. */
    record Answer(String raw, After after) {
        static Answer keepOpen(String raw) {
            return new Answer(raw, After.KEEP_OPEN);
        }
    }

    private final ServerSocket server;
    private final Queue<Answer> answers;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    ScriptedServer(Answer... answers) throws IOException {
        this.answers = new ConcurrentLinkedQueue<>(List.of(answers));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.size();
    }

    /** The heads of the requests received, in order. */
    List<String> requests() {
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread answer = new Thread(() -> serve(connection), "scripted-answer");
                answer.setDaemon(true);
                answer.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (true) {
                String head = readHead(in);
                Answer answer = answers.poll();
                if (head == null || answer == null) {
                    return;
                }
                requests.add(head);
                out.write(answer.raw().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.after() == After.CLOSE) {
                    return;
                }
                if (answer.after() == After.STALL) {
                    TimeUnit.SECONDS.sleep(60);
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request's head, or null when the client closed the connection first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
