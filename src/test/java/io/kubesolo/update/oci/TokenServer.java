package io.kubesolo.update.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubesolo.update.pem.PemBlock;
import io.kubesolo.update.verify.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The token service of distribution's token authentication, in-process on loopback, in front of
 * a real {@link LocalRegistry}: answers {@code GET /token?service=..&scope=..} with a JWT signed by
 * an RSA key whose self-signed certificate (made by {@code openssl}) the registry trusts. Grants
 * what the scope asks for, to anyone when no user is set, else only to that user with that
 * password. Records every request's scope and whether it carried credentials.
 */
public final class TokenServer implements BeforeAllCallback, AfterAllCallback {

    static final String SERVICE = "kubesolo-test-registry";
    static final String ISSUER = "kubesolo-test-issuer";

    private final Optional<Credentials> required;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final ObjectMapper json = new ObjectMapper();
    private Path directory;
    private HttpServer server;
    private PrivateKey key;
    private X509Certificate certificate;

    private TokenServer(Optional<Credentials> required) {
        this.required = required;
    }

    public static TokenServer anonymous() {
        return new TokenServer(Optional.empty());
    }

    public static TokenServer requiring(String user, String password) {
        return new TokenServer(Optional.of(new Credentials(user, password)));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("token-server");
        OpenSsl.selfSignedRsa(
                directory,
                directory.resolve("key.pem").toString(),
                certificateFile().toString(),
                1,
                "/CN=kubesolo-test-token");
        key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(PemBlock.parse(Files.readString(directory.resolve("key.pem")))
                        .der()));
        try (InputStream in = Files.newInputStream(certificateFile())) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    Path certificateFile() {
        return directory.resolve("cert.pem");
    }

    /** Each token request as {@code "<scope> credentials=<yes|no>"}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query =
                    Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            List<String> scopes = new ArrayList<>();
            for (String parameter : query.split("&", -1)) {
                if (parameter.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8));
                }
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(String.join(" ", scopes) + " credentials=" + (authorization == null ? "no" : "yes"));
            if (required.isPresent() && !required.get().basicAuthorization().equals(authorization)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = json.writeValueAsBytes(json.createObjectNode().put("token", jwt(scopes)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private String jwt(List<String> scopes) throws GeneralSecurityException, IOException {
        ObjectNode header = json.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = json.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", "tester")
                .put("aud", SERVICE)
                .put("exp", now + 300)
                .put("nbf", now - 10)
                .put("iat", now)
                .put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":", -1);
            if (parts.length == 3) {
                ObjectNode grant = access.addObject().put("type", parts[0]).put("name", parts[1]);
                ArrayNode actions = grant.putArray("actions");
                for (String action : parts[2].split(",", -1)) {
                    actions.add(action);
                }
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(json.writeValueAsBytes(header)) + "."
                + url.encodeToString(json.writeValueAsBytes(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + url.encodeToString(rs256.sign());
    }
}
