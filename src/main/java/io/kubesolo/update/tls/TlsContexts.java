package io.kubesolo.update.tls;

import io.kubesolo.update.pem.PemException;
import io.kubesolo.update.pem.PemKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which TLS socket factory each https origin gets: the certificate authorities of the JDK, of the
 * running OS ({@code update-ca-certificates} fills its bundle; the jlink runtime the agent ships
 * has its own {@code cacerts}, which an operator does not maintain) and of {@code ca_bundle}, plus,
 * for a host with a {@code certs.d/HOST[:PORT]/} directory, that directory's authorities and
 * client certificate (mutual TLS), as podman and skopeo read them. Built once per run; one
 * factory per host, so kept-alive connections are reused.
 */
public final class TlsContexts {

    private final TrustSources sources;
    private final Map<String, SSLSocketFactory> factories = new ConcurrentHashMap<>();
    private List<X509Certificate> common;

    private TlsContexts(TrustSources sources) {
        this.sources = sources;
    }

    /** The JDK's authorities and the running OS's, and the certs.d directories of this machine. */
    public static TlsContexts system() {
        return of(new TrustSources(
                TrustSources.findSystemBundle(),
                Optional.empty(),
                TrustSources.CERTS_DIRS.stream().map(Path::of).toList()));
    }

    /**
     * Checks now that a named {@code ca_bundle} is a file; the bundles are read at the first https
     * request, so a run that makes none (plain HTTP, a layout directory) does not parse them.
     */
    public static TlsContexts of(TrustSources sources) {
        sources.caBundle().ifPresent(bundle -> {
            if (!Files.isRegularFile(bundle)) {
                throw new TlsException("CA bundle " + bundle + " does not exist or is not a file");
            }
        });
        return new TlsContexts(sources);
    }

    /** The authorities every host gets: the OS's bundle and {@code ca_bundle}. */
    private synchronized List<X509Certificate> common() {
        if (common == null) {
            List<X509Certificate> certificates = new ArrayList<>();
            sources.systemBundle().ifPresent(bundle -> certificates.addAll(certificates(bundle)));
            sources.caBundle().ifPresent(bundle -> {
                List<X509Certificate> named = certificates(bundle);
                if (named.isEmpty()) {
                    throw new TlsException("CA bundle " + bundle + " holds no PEM certificate");
                }
                certificates.addAll(named);
            });
            common = List.copyOf(certificates);
        }
        return common;
    }

    /** The socket factory for {@code uri}'s host: its certs.d directory's when it has one. */
    public SSLSocketFactory socketFactoryFor(URI uri) {
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return factories.computeIfAbsent(host, this::build);
    }

    private SSLSocketFactory build(String host) {
        List<X509Certificate> authorities = new ArrayList<>(common());
        KeyManager[] keys = null;
        for (Path certsDir : sources.certsDirs()) {
            Path directory = certsDir.resolve(host);
            if (Files.isDirectory(directory)) {
                authorities.addAll(filesEndingIn(directory, ".crt").stream()
                        .flatMap(f -> certificates(f).stream())
                        .toList());
                keys = keys != null ? keys : clientKeys(directory);
            }
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trustManager(authorities)}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot set up TLS for " + host + ": " + e.getMessage(), e);
        }
    }

    /** Trusts what the JDK trusts, or what {@code authorities} lead to. */
    private static X509TrustManager trustManager(List<X509Certificate> authorities) throws GeneralSecurityException {
        X509TrustManager jdk = x509(null);
        if (authorities.isEmpty()) {
            return jdk;
        }
        KeyStore store = emptyStore();
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        return new EitherTrustManager(x509(store), jdk);
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    /** The first {@code *.cert} with a {@code *.key} of the same name (docker's and podman's rule), or none. */
    private static KeyManager[] clientKeys(Path directory) {
        for (Path cert : filesEndingIn(directory, ".cert")) {
            String name = cert.getFileName().toString();
            Path key = directory.resolve(name.substring(0, name.length() - ".cert".length()) + ".key");
            if (!Files.isRegularFile(key)) {
                throw new TlsException("client certificate " + cert + " has no key " + key);
            }
            List<X509Certificate> chain = certificates(cert);
            if (chain.isEmpty()) {
                throw new TlsException("client certificate " + cert + " holds no PEM certificate");
            }
            PrivateKey privateKey = clientKey(key);
            try {
                KeyStore store = emptyStore();
                store.setKeyEntry("client", privateKey, new char[0], chain.toArray(Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, new char[0]);
                return factory.getKeyManagers();
            } catch (GeneralSecurityException e) {
                throw new TlsException("client key " + key + " does not go with " + cert + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static List<Path> filesEndingIn(Path directory, String suffix) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix) && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TlsException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM file. */
    static List<X509Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (IOException | CertificateException e) {
            throw new TlsException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A client's private key from a PEM file: unencrypted PKCS#8, RSA, EC or Ed25519. */
    private static PrivateKey clientKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException("cannot read client key " + file + ": " + e.getMessage(), e);
        }
        try {
            return PemKeys.privateKey(text, PemKeys.KeyFormats.PKCS8_RSA_EC_OR_ED25519);
        } catch (PemException e) {
            throw new TlsException("client key " + file + " " + e.getMessage(), e);
        }
    }
}
