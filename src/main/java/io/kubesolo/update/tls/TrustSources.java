package io.kubesolo.update.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where TLS trust comes from, besides the JDK's own {@code cacerts}.
 *
 * @param systemBundle the running OS's CA bundle, the file curl and Go read
 *                     ({@code /etc/ssl/certs/ca-certificates.crt} after {@code update-ca-certificates});
 *                     empty when the OS has none
 * @param caBundle     a PEM bundle of more certificate authorities to trust for every host
 *                     ({@code ca_bundle=}, {@code --ca-bundle})
 * @param certsDirs    directories in the containers' {@code certs.d/HOST[:PORT]/} convention
 *                     ({@code *.crt} authorities, a {@code *.cert} + {@code *.key} client certificate)
 */
public record TrustSources(Optional<Path> systemBundle, Optional<Path> caBundle, List<Path> certsDirs) {

    /** The CA bundles of Debian/Ubuntu/Alpine, Fedora/RHEL, openSUSE, in the order Go looks for them. */
    static final List<Path> SYSTEM_BUNDLES = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
            Path.of("/etc/ssl/ca-bundle.pem"),
            Path.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"),
            Path.of("/etc/ssl/cert.pem"));

    /** Where podman, skopeo and docker look for per-registry certificates. */
    public static final List<String> CERTS_DIRS = List.of("/etc/containers/certs.d", "/etc/docker/certs.d");

    public TrustSources {
        certsDirs = List.copyOf(certsDirs);
    }

    /** The running OS's bundle, the first of {@link #SYSTEM_BUNDLES} that exists. */
    public static Optional<Path> findSystemBundle() {
        return SYSTEM_BUNDLES.stream().filter(Files::isRegularFile).findFirst();
    }
}
