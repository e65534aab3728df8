package io.kubesolo.update.health;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach one Kubernetes API server: its URL, the CA certificates that may sign its TLS
 * certificate (empty: the JDK's default trust), an optional client certificate with its key, and an
 * optional bearer token. Built from a kubeconfig ({@link Kubeconfig}) or from update.conf's
 * {@code api_server} and {@code api_token_file}.
 */
public final class KubernetesAccess {

    /** A client certificate chain (leaf first) and its private key, for mutual TLS. */
    public record ClientCertificate(List<X509Certificate> chain, PrivateKey key) {

        public ClientCertificate {
            chain = List.copyOf(chain);
            Objects.requireNonNull(key, "key");
        }
    }

    private final URI server;
    private final List<X509Certificate> certificateAuthorities;
    private final Optional<ClientCertificate> clientCertificate;
    private final Optional<String> bearerToken;

    public KubernetesAccess(
            URI server,
            List<X509Certificate> certificateAuthorities,
            Optional<ClientCertificate> clientCertificate,
            Optional<String> bearerToken) {
        this.server = Objects.requireNonNull(server, "server");
        this.certificateAuthorities = List.copyOf(certificateAuthorities);
        this.clientCertificate = clientCertificate;
        this.bearerToken = bearerToken;
    }

    /** Access by URL with the JDK's trust store and, when {@code tokenFile} is given, its bearer token. */
    public static KubernetesAccess ofServer(URI server, Optional<Path> tokenFile) {
        return new KubernetesAccess(server, List.of(), Optional.empty(), tokenFile.map(KubernetesAccess::readToken));
    }

    /** Reads a bearer token file (a service-account token is one line); the token is trimmed. */
    static String readToken(Path file) {
        String token = SmallFiles.read(file, "token file").strip();
        if (token.isEmpty()) {
            throw new HealthException("token file " + file + " is empty");
        }
        return token;
    }

    public URI server() {
        return server;
    }

    public Optional<String> bearerToken() {
        return bearerToken;
    }

    /**
     * The TLS context for this server: trusts only the configured CAs when there are any (the
     * JDK's default trust store otherwise) and presents the client certificate when there is one.
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = null;
            if (!certificateAuthorities.isEmpty()) {
                KeyStore anchors = emptyKeyStore();
                for (int i = 0; i < certificateAuthorities.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, certificateAuthorities.get(i));
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
            }
            KeyManagerFactory keys = null;
            if (clientCertificate.isPresent()) {
                char[] password = new char[0];
                KeyStore identity = emptyKeyStore();
                identity.setKeyEntry(
                        "client",
                        clientCertificate.get().key(),
                        password,
                        clientCertificate.get().chain().toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new HealthException("cannot set up TLS for " + server + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
