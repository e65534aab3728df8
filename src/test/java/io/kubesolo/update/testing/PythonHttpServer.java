package io.kubesolo.update.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real static web server, {@code python3 -m http.server}, serving a directory on 127.0.0.1 as a
 * separate process. {@link #log()} is its access log (one line per request, with the status), to
 * count what a client asked for. Closing it stops the process.
 */
public final class PythonHttpServer implements AutoCloseable {

    /** {@code http.server} behind Python's {@code ssl}: argv port, directory, certificate, key, client CA or "-". */
    private static final String TLS_SERVER = """
                                             import functools, http.server, ssl, sys
                                             port, directory, cert, key, client_ca = sys.argv[1:6]
                                             handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
                                             server = http.server.ThreadingHTTPServer(('127.0.0.1', int(port)), handler)
                                             context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                                             context.load_cert_chain(cert, key)
                                             if client_ca != '-':
                                                 context.verify_mode = ssl.CERT_REQUIRED
                                                 context.load_verify_locations(client_ca)
                                             server.socket = context.wrap_socket(server.socket, server_side=True)
                                             server.serve_forever()\
                                             """;

    private final Process process;
    private final int port;
    private final Path log;
    private final String scheme;

    private PythonHttpServer(Process process, int port, Path log, String scheme) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.scheme = scheme;
    }

    public static PythonHttpServer serve(Path directory) throws IOException, InterruptedException {
        int port = freePort();
        // -u: the access log reaches the file as each request is served.
        return start(
                List.of(
                        "python3",
                        "-u",
                        "-m",
                        "http.server",
                        "--bind",
                        "127.0.0.1",
                        Integer.toString(port),
                        "--directory",
                        directory.toString()),
                port,
                "http");
    }

    /**
     * Serves {@code directory} over HTTPS with {@code certificate} and {@code key}; with a
     * {@code clientCa}, only to clients presenting a certificate it signed (mutual TLS).
     */
    public static PythonHttpServer serveTls(Path directory, Path certificate, Path key, Optional<Path> clientCa)
            throws IOException, InterruptedException {
        int port = freePort();
        return start(
                List.of(
                        "python3",
                        "-u",
                        "-c",
                        TLS_SERVER,
                        Integer.toString(port),
                        directory.toString(),
                        certificate.toString(),
                        key.toString(),
                        clientCa.map(Path::toString).orElse("-")),
                port,
                "https");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static PythonHttpServer start(List<String> command, int port, String scheme)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("python-http-server", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PythonHttpServer server = new PythonHttpServer(process, port, log, scheme);
        server.awaitListening();
        return server;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("python3 -m http.server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("python3 -m http.server did not listen on port " + port + " within 15 s");
    }

    /** The access log so far: lines like {@code 127.0.0.1 - - [...] "GET /latest.json HTTP/1.1" 304 -}. */
    public List<String> log() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The access log lines of requests for {@code path} ("GET /latest.json") answered with {@code status}. */
    public long count(String request, int status) {
        return log().stream()
                .filter(line -> line.contains("\"" + request + " HTTP/1.1\" " + status + " "))
                .count();
    }

    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
