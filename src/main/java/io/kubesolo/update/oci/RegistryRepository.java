package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.net.URI;

/**
 * A repository on a registry and the URLs of the distribution API for it. HTTPS unless plain HTTP
 * was asked for explicitly (spec §2, {@code --plain-http}).
 */
record RegistryRepository(Reference reference, boolean plainHttp) {

    URI base() {
        return URI.create((plainHttp ? "http://" : "https://") + reference.registry());
    }

    String name() {
        return reference.repository();
    }

    URI manifest(String tagOrDigest) {
        return base().resolve("/v2/" + name() + "/manifests/" + tagOrDigest);
    }

    URI blob(Digest digest) {
        return base().resolve("/v2/" + name() + "/blobs/" + digest);
    }

    /** The referrers API (distribution spec 1.1), filtered by {@code artifactType}. */
    URI referrers(Digest subject, String artifactType) {
        return base().resolve("/v2/" + name() + "/referrers/" + subject + "?artifactType="
                + java.net.URLEncoder.encode(artifactType, java.nio.charset.StandardCharsets.UTF_8));
    }

    URI uploads() {
        return base().resolve("/v2/" + name() + "/blobs/uploads/");
    }

    @Override
    public String toString() {
        return reference.repositoryName();
    }
}
