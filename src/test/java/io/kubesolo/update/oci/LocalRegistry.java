package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real distribution registry (Debian's {@code docker-registry}) on a free loopback port, for
 * one test class: register it as a {@code static} {@code @RegisterExtension} field. Storage is a
 * temporary directory; the process is destroyed and the directory deleted after the class, even
 * when tests fail. Variants: anonymous, htpasswd basic auth, token (bearer) auth, TLS (with a
 * client CA: mutual TLS).
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {

    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Optional<Credentials> htpasswdUser;
    private final Optional<TokenServer> tokenServer;
    private final Optional<Tls> tls;
    private Path directory;
    private Process process;
    private int port;

    /** distribution's {@code http.tls}: the server's certificate and key, and the CA its clients' certificates need. */
    public record Tls(Path certificate, Path key, Optional<Path> clientCa) {}

    private LocalRegistry(Optional<Credentials> htpasswdUser, Optional<TokenServer> tokenServer, Optional<Tls> tls) {
        this.htpasswdUser = htpasswdUser;
        this.tokenServer = tokenServer;
        this.tls = tls;
    }

    public static LocalRegistry anonymous() {
        return new LocalRegistry(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Anonymous, over HTTPS only; start it with {@link #start} once the certificates exist. */
    public static LocalRegistry withTls(Tls tls) {
        return new LocalRegistry(Optional.empty(), Optional.empty(), Optional.of(tls));
    }

    /** Basic auth: one user, with the bcrypt password hash {@code htpasswd -B} writes. */
    public static LocalRegistry withBasicAuth(String user, String password) {
        return new LocalRegistry(Optional.of(new Credentials(user, password)), Optional.empty(), Optional.empty());
    }

    /**
     * Token auth: the registry trusts JWTs signed by {@code server}'s certificate. Register
     * {@code server} before this registry, so that it runs when the registry starts.
     */
    public static LocalRegistry withTokenAuth(TokenServer server) {
        return new LocalRegistry(Optional.empty(), Optional.of(server), Optional.empty());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        directory = Files.createTempDirectory("local-registry");
        port = freePort();
        Path config = directory.resolve("config.yml");
        Files.writeString(config, config());
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("registry.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!answers()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                String log = Files.readString(directory.resolve("registry.log"));
                stop();
                throw new IllegalStateException("docker-registry did not start on port " + port + ":\n" + log);
            }
            Thread.sleep(50);
        }
    }

    private String config() throws IOException, InterruptedException {
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ")
                .append(storage())
                .append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:")
                .append(port)
                .append('\n');
        tls.ifPresent(settings -> {
            yaml.append("  tls:\n    certificate: ")
                    .append(settings.certificate())
                    .append('\n')
                    .append("    key: ")
                    .append(settings.key())
                    .append('\n');
            settings.clientCa()
                    .ifPresent(ca ->
                            yaml.append("    clientcas:\n      - ").append(ca).append('\n'));
        });
        if (htpasswdUser.isPresent()) {
            Path htpasswd = directory.resolve("htpasswd");
            Process tool = new ProcessBuilder(
                            "htpasswd",
                            "-B",
                            "-b",
                            "-c",
                            htpasswd.toString(),
                            htpasswdUser.get().username(),
                            htpasswdUser.get().password())
                    .redirectErrorStream(true)
                    .start();
            if (!tool.waitFor(30, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException(
                        "htpasswd failed: " + new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            yaml.append("auth:\n  htpasswd:\n    realm: test-registry\n    path: ")
                    .append(htpasswd)
                    .append('\n');
        } else if (tokenServer.isPresent()) {
            yaml.append("auth:\n  token:\n")
                    .append("    realm: ")
                    .append(tokenServer.get().realm())
                    .append('\n')
                    .append("    service: ")
                    .append(TokenServer.SERVICE)
                    .append('\n')
                    .append("    issuer: ")
                    .append(TokenServer.ISSUER)
                    .append('\n')
                    .append("    rootcertbundle: ")
                    .append(tokenServer.get().certificateFile())
                    .append('\n');
        }
        return yaml.toString();
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create("http://" + host() + "/v2/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            // Over TLS, the plain-HTTP probe gets distribution's 400 "client sent an HTTP request to an HTTPS server".
            return status == 200 || status == 401 || (tls.isPresent() && status == 400);
        } catch (IOException e) {
            return false;
        }
    }

    public void stop() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
            directory = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI base() {
        return URI.create((tls.isPresent() ? "https://" : "http://") + host());
    }

    /** The registry's storage root (distribution's filesystem driver layout under it). */
    public Path storage() {
        return directory.resolve("storage");
    }

    /** The {@code data} file distribution keeps a blob's bytes in, for tampering with them on disk. */
    public Path blobData(Digest digest) {
        return storage()
                .resolve("docker/registry/v2/blobs/sha256")
                .resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex())
                .resolve("data");
    }

    /** A client for {@code repository} on this registry, anonymous, over plain HTTP. */
    public ContentStore store(String repository) {
        return RegistryClient.of(
                Reference.parse(host() + "/" + repository), RegistryAccess.of(true, reference -> Optional.empty()));
    }

    /**
     * The registry's log once a line satisfies {@code wanted}, or as it is after 10 s: the registry
     * writes a request's access log line after it has answered, so a client can be faster than it.
     */
    public List<String> logOnce(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = log();
        while (lines.stream().noneMatch(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = log();
        }
        return lines;
    }

    /** The registry's log so far: access log lines show which requests it served. */
    public List<String> log() {
        try {
            return new ArrayList<>(Files.readAllLines(directory.resolve("registry.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
