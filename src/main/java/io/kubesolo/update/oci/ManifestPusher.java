package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.http.RequestBody;
import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Optional;

/**
 * PUT {@code /v2/<name>/manifests/<tag|digest>}: stores a manifest or index under a tag or its
 * digest. The result says whether the registry answered with {@code OCI-Subject}: a registry with
 * the referrers API does so for a manifest with a {@code subject}, and then indexes it itself.
 */
final class ManifestPusher implements RegistryEndpoint<Boolean> {

    private final RegistryRepository repository;
    private final byte[] manifest;
    private final String mediaType;
    private final String tagOrDigest;

    ManifestPusher(RegistryRepository repository, byte[] manifest, String mediaType, String tagOrDigest) {
        this.repository = repository;
        this.manifest = manifest.clone();
        this.mediaType = mediaType;
        this.tagOrDigest = tagOrDigest;
    }

    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri() {
        return repository.manifest(tagOrDigest);
    }

    @Override
    public String action() {
        return "push manifest " + tagOrDigest + " to " + repository;
    }

    @Override
    public Optional<RequestBody> body() {
        return Optional.of(new RequestBody(mediaType, manifest.length, () -> new ByteArrayInputStream(manifest)));
    }

    @Override
    public Boolean handle(HttpResponse response) {
        Digest ours = Digest.of(manifest);
        response.header("Docker-Content-Digest")
                .map(ManifestCodec::digest)
                .filter(theirs -> !theirs.equals(ours))
                .ifPresent(theirs -> {
                    throw new OciException(
                            OciException.Reason.REGISTRY_ERROR,
                            action() + ": the registry stored it as " + theirs + " but its digest is " + ours);
                });
        return response.header("OCI-Subject").isPresent();
    }
}
