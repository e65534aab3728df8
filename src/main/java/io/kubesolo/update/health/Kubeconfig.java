package io.kubesolo.update.health;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubesolo.update.fs.DeviceRoot;
import io.kubesolo.update.health.KubernetesAccess.ClientCertificate;
import io.kubesolo.update.pem.PemException;
import io.kubesolo.update.pem.PemKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Reads a kubeconfig file (YAML or JSON, as kubectl and client-go write it) into
 * {@link KubernetesAccess}: the cluster and user of the {@code current-context} (or of the only
 * context, when none is current). Supported: {@code server}, {@code certificate-authority-data} /
 * {@code certificate-authority}, {@code client-certificate-data} / {@code client-certificate},
 * {@code client-key-data} / {@code client-key}, {@code token} / {@code tokenFile}. File paths in it
 * are relative to the kubeconfig's directory, or absolute device paths resolved under the root.
 * {@code exec} and {@code auth-provider} credentials and {@code insecure-skip-tls-verify} are
 * refused: the agent runs no plugins and does not talk to an unauthenticated server.
 */
public final class Kubeconfig {

    private final Path file;
    private final DeviceRoot root;
    private final JsonNode document;

    private Kubeconfig(Path file, DeviceRoot root, JsonNode document) {
        this.file = file;
        this.root = root;
        this.document = document;
    }

    /**
     * Reads a kubeconfig: where the API server is and how to reach it (server, CA, client credentials).
     *
     * @param file the kubeconfig on this machine, already resolved under {@code root}
     */
    public static KubernetesAccess load(Path file, DeviceRoot root) {
        String text = SmallFiles.read(file, "kubeconfig");
        JsonNode document;
        try {
            document = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JacksonException e) {
            throw new HealthException("kubeconfig " + file + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (document == null || !document.isObject()) {
            throw new HealthException("kubeconfig " + file + " is not a kubeconfig: expected a mapping at the top");
        }
        return new Kubeconfig(file, root, document).access();
    }

    private KubernetesAccess access() {
        JsonNode context = currentContext();
        JsonNode cluster = named("clusters", "cluster", context.path("cluster").asText());
        JsonNode user = named("users", "user", context.path("user").asText());
        if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
            throw fail("insecure-skip-tls-verify is not supported; give the cluster's certificate-authority");
        }
        if (user.has("exec") || user.has("auth-provider")) {
            throw fail("exec and auth-provider credentials are not supported; use a client certificate or a token");
        }
        return new KubernetesAccess(
                server(cluster), certificateAuthorities(cluster), clientCertificate(user), token(user));
    }

    /** The current context; without one, the only context; without contexts, an empty one. */
    private JsonNode currentContext() {
        List<JsonNode> contexts = list("contexts");
        String current = document.path("current-context").asText("");
        if (!current.isEmpty()) {
            return find(contexts, current, "context")
                    .orElseThrow(() -> fail("current-context " + current + " is not among its contexts"));
        }
        if (contexts.size() > 1) {
            throw fail("has " + contexts.size() + " contexts and no current-context");
        }
        return contexts.isEmpty() ? MissingNode.getInstance() : contexts.get(0).path("context");
    }

    /** The entry named {@code name} of {@code section}; when the name is empty, its only entry. */
    private JsonNode named(String section, String field, String name) {
        List<JsonNode> entries = list(section);
        if (name.isEmpty()) {
            if (entries.size() != 1) {
                throw fail("names no " + field + " in its context and has " + entries.size() + " " + section);
            }
            return entries.get(0).path(field);
        }
        return find(entries, name, field).orElseThrow(() -> fail(field + " " + name + " is not among its " + section));
    }

    private static Optional<JsonNode> find(List<JsonNode> entries, String name, String field) {
        return entries.stream()
                .filter(e -> name.equals(e.path("name").asText()))
                .map(e -> e.path(field))
                .findFirst();
    }

    private List<JsonNode> list(String section) {
        JsonNode node = document.path(section);
        return StreamSupport.stream(node.spliterator(), false).toList();
    }

    private URI server(JsonNode cluster) {
        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw fail("its cluster has no server");
        }
        try {
            URI uri = new URI(server);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw fail("server " + server + " is not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw fail("server " + server + " is not a URL: " + e.getReason());
        }
    }

    private List<X509Certificate> certificateAuthorities(JsonNode cluster) {
        return pem(cluster, "certificate-authority")
                .map(text -> certificates(text, "certificate-authority"))
                .orElse(List.of());
    }

    private Optional<ClientCertificate> clientCertificate(JsonNode user) {
        Optional<String> certificate = pem(user, "client-certificate");
        Optional<String> key = pem(user, "client-key");
        if (certificate.isPresent() != key.isPresent()) {
            throw fail("its user has a client-certificate without a client-key or the other way round");
        }
        return certificate.map(text ->
                new ClientCertificate(certificates(text, "client-certificate"), privateKey(key.get(), "client-key")));
    }

    private List<X509Certificate> certificates(String text, String field) {
        try {
            return PemKeys.certificates(text);
        } catch (PemException e) {
            throw new HealthException(describe(field) + " " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey(String text, String field) {
        try {
            return PemKeys.privateKey(text, PemKeys.KeyFormats.RSA_OR_EC_ANY_ENCODING);
        } catch (PemException e) {
            throw new HealthException(describe(field) + " " + e.getMessage(), e);
        }
    }

    private Optional<String> token(JsonNode user) {
        String token = user.path("token").asText("");
        if (!token.isEmpty()) {
            return Optional.of(token);
        }
        String tokenFile = user.path("tokenFile").asText("");
        return tokenFile.isEmpty() ? Optional.empty() : Optional.of(KubernetesAccess.readToken(resolve(tokenFile)));
    }

    /** PEM text from {@code <field>-data} (base64 of the PEM) or from the file {@code <field>} names. */
    private Optional<String> pem(JsonNode section, String field) {
        String data = section.path(field + "-data").asText("");
        if (!data.isEmpty()) {
            try {
                return Optional.of(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw fail(field + "-data is not base64: " + e.getMessage());
            }
        }
        String path = section.path(field).asText("");
        return path.isEmpty() ? Optional.empty() : Optional.of(SmallFiles.read(resolve(path), field));
    }

    private Path resolve(String path) {
        Path given = Path.of(path);
        return given.isAbsolute()
                ? root.resolve(given)
                : file.toAbsolutePath().getParent().resolve(given).normalize();
    }

    private String describe(String field) {
        return "kubeconfig " + file + " " + field;
    }

    private HealthException fail(String problem) {
        return new HealthException("kubeconfig " + file + ": " + problem);
    }
}
