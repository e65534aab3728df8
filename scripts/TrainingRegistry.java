import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only registry for the CDS training runs of scripts/package-runtime.sh: serves the OCI
 * layout that our own {@code push} wrote (its index.json's exact shape) over plain HTTP on
 * 127.0.0.1, so that {@code check} and {@code apply} against a registry load the HTTP and
 * registry classes of a whole download, not only those up to a refused connection. Answers
 * {@code /v2/}, GET and HEAD of manifests (by tag or digest) and blobs, and 404 for everything
 * else (referrers included: the training release is unsigned). Not a registry for anything else.
 *
 * <p>Run with the build JDK's source launcher: {@code java scripts/TrainingRegistry.java LAYOUT};
 * prints the port it listens on, serves until killed.
 */
public final class TrainingRegistry {

    private static final Pattern MANIFEST_PATH = Pattern.compile("/v2/.+/manifests/([^/]+)");
    private static final Pattern BLOB_PATH = Pattern.compile("/v2/.+/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern MEDIA_TYPE = Pattern.compile("\"mediaType\":\"([^\"]+)\"");

    private final Path layout;

    private TrainingRegistry(Path layout) {
        this.layout = layout;
    }

    public static void main(String[] args) throws IOException {
        TrainingRegistry registry = new TrainingRegistry(Path.of(args[0]));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", registry::answer);
        server.start();
        System.out.println(server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher manifest = MANIFEST_PATH.matcher(path);
            Matcher blob = BLOB_PATH.matcher(path);
            if (path.equals("/v2/")) {
                send(exchange, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Optional.empty());
            } else if (manifest.matches()) {
                Optional<String> digest = digestOf(manifest.group(1));
                if (digest.isEmpty()) {
                    notFound(exchange);
                    return;
                }
                byte[] body = Files.readAllBytes(blobFile(digest.get()));
                Matcher mediaType = MEDIA_TYPE.matcher(new String(body, StandardCharsets.UTF_8));
                send(exchange, mediaType.find() ? mediaType.group(1) : "application/json", body, digest);
            } else if (blob.matches() && Files.exists(blobFile(blob.group(1)))) {
                send(exchange, "application/octet-stream", Files.readAllBytes(blobFile(blob.group(1))), Optional.of(blob.group(1)));
            } else {
                notFound(exchange);
            }
        }
    }

    /** The digest a tag names in index.json (the shape OciLayout writes), or the digest itself. */
    private Optional<String> digestOf(String reference) throws IOException {
        if (reference.startsWith("sha256:")) {
            return Files.exists(blobFile(reference)) ? Optional.of(reference) : Optional.empty();
        }
        String index = Files.readString(layout.resolve("index.json"));
        Matcher tagged = Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\",\"size\":\\d+,\"annotations\":\\{"
                        + "\"org.opencontainers.image.ref.name\":\"" + Pattern.quote(reference) + "\"")
                .matcher(index);
        return tagged.find() ? Optional.of(tagged.group(1)) : Optional.empty();
    }

    private Path blobFile(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body, Optional<String> digest)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        digest.ifPresent(d -> exchange.getResponseHeaders().set("Docker-Content-Digest", d));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"not in the training layout\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
