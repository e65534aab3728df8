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
import java.util.concurrent.TimeUnit;

/**
 * A real static web server with {@code Range} support, nginx (Debian's nginx-light), serving a
 * directory on 127.0.0.1 as a separate process. Its access log has one line per request:
 * {@code "GET /path HTTP/1.1" <status> <body bytes> range="<Range header>"}. Requests for
 * {@code /redirect/<path>} are answered {@code 302} to {@code /<path>}, as a CDN or a registry
 * sends a client to its storage. With ranges off ({@code max_ranges 0}) it answers every request
 * with the whole file, as a server without range support does.
 */
public final class NginxServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private NginxServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static NginxServer serve(Path directory, boolean ranges) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path prefix = Files.createTempDirectory("nginx");
        Path log = prefix.resolve("access.log");
        String conf = "daemon off;\nworker_processes 1;\npid " + prefix.resolve("nginx.pid") + ";\n"
                + "error_log " + prefix.resolve("error.log") + ";\n"
                + (isRoot() ? "user root;\n" : "")
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "  log_format ranges '\"$request\" $status $body_bytes_sent range=\"$http_range\"';\n"
                + "  access_log " + log + " ranges;\n"
                + "  client_body_temp_path " + prefix.resolve("body") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("scgi") + ";\n"
                + "  types { application/json json; }\n  default_type application/octet-stream;\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    root " + directory.toAbsolutePath() + ";\n"
                + (ranges ? "" : "    max_ranges 0;\n")
                + "    location /redirect/ { rewrite ^/redirect/(.*)$ /$1 redirect; }\n"
                + "  }\n}\n";
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        Process process = new ProcessBuilder(List.of("nginx", "-p", prefix.toString(), "-c", file.toString()))
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout").toFile())
                .start();
        NginxServer server = new NginxServer(process, port, log);
        server.awaitListening(prefix);
        return server;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void awaitListening(Path prefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(prefix.resolve("stdout")) + Files.readString(prefix.resolve("error.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("nginx did not listen on port " + port + " within 15 s");
    }

    /** The access log so far. */
    public List<String> log() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
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
    }
}
