package io.kubesolo.update.health;

import io.kubesolo.update.verify.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A cluster PKI made by the real {@code openssl} command, as KubeSolo has one: a CA, an API server
 * certificate for 127.0.0.1, and admin client certificates with an RSA key in PKCS#1 form, an RSA
 * key in PKCS#8 form and an EC key in SEC1 form (with its EC PARAMETERS block, as
 * {@code openssl ecparam -genkey} writes it).
 */
public final class TestPki {

    static final String PASSWORD = "changeit";

    final Path directory;

    private TestPki(Path directory) {
        this.directory = directory;
    }

    /** Creates the PKI in {@code directory}. */
    public static TestPki create(Path directory) {
        TestPki pki = new TestPki(directory);
        pki.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        pki.write("client.ext", "extendedKeyUsage=clientAuth\n");
        unchecked(() -> OpenSsl.selfSignedRsa(directory, "ca.key", "ca.crt", 2, "/CN=kubesolo-test-ca"));
        pki.openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=kube-apiserver");
        pki.sign("server", "server.ext");
        pki.openssl(
                "pkcs12",
                "-export",
                "-in",
                "server.crt",
                "-inkey",
                "server.key",
                "-out",
                "server.p12",
                "-passout",
                "pass:" + PASSWORD);
        pki.openssl("genrsa", "-traditional", "-out", "client-rsa.key", "2048");
        pki.clientCertificate("client-rsa");
        pki.openssl("pkcs8", "-topk8", "-nocrypt", "-in", "client-rsa.key", "-out", "client-rsa-pkcs8.key");
        pki.openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "client-ec.key");
        pki.clientCertificate("client-ec");
        return pki;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    String text(String name) {
        try {
            return Files.readString(file(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server side: presents server.crt and requires a client certificate signed by the CA. */
    SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file("server.p12"))) {
            identity.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, PASSWORD.toCharArray());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(file("ca.crt"))) {
            anchors.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private void clientCertificate(String name) {
        openssl(
                "req",
                "-new",
                "-key",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/O=system:masters/CN=kubernetes-admin");
        sign(name, "client.ext");
    }

    private void sign(String name, String extensions) {
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".crt",
                "-days",
                "2",
                "-extfile",
                extensions);
    }

    private void write(String name, String text) {
        try {
            Files.writeString(file(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... arguments) {
        unchecked(() -> OpenSsl.run(directory, arguments));
    }

    private interface OpensslRun {
        void run() throws IOException, InterruptedException;
    }

    private static void unchecked(OpensslRun run) {
        try {
            run.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
