package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * GET {@code /v2/<name>/manifests/<tag|digest>}, with every manifest media type we read in
 * {@code Accept}. At most {@link ManifestCodec#MAX_BYTES}; a {@code Docker-Content-Digest} the
 * registry sends must match the bytes, and so must the digest asked for.
 */
final class ManifestPuller implements RegistryEndpoint<FetchedManifest> {

    private final RegistryRepository repository;
    private final String tagOrDigest;

    ManifestPuller(RegistryRepository repository, String tagOrDigest) {
        this.repository = repository;
        this.tagOrDigest = tagOrDigest;
    }

    @Override
    public URI uri() {
        return repository.manifest(tagOrDigest);
    }

    @Override
    public String action() {
        return "fetch manifest " + tagOrDigest + " from " + repository;
    }

    @Override
    public List<String> accept() {
        return MediaTypes.MANIFEST_TYPES;
    }

    @Override
    public OciException notFound() {
        return new OciException(
                OciException.Reason.NOT_FOUND,
                (tagOrDigest.startsWith("sha256:") ? "manifest " + tagOrDigest : "tag " + tagOrDigest)
                        + " not found in " + repository);
    }

    @Override
    public FetchedManifest handle(HttpResponse response) throws IOException {
        String what = "manifest " + tagOrDigest + " from " + repository;
        if (response.contentLength().orElse(0) > ManifestCodec.MAX_BYTES) {
            throw ManifestCodec.tooLarge(what);
        }
        String contentType = response.header("Content-Type")
                .map(type -> type.split(";", -1)[0].strip())
                .orElse("");
        FetchedManifest fetched = FetchedManifest.of(ManifestCodec.readCapped(response.body(), what), contentType);
        if (tagOrDigest.startsWith("sha256:")) {
            fetched.verify(ManifestCodec.digest(tagOrDigest), what);
        }
        response.header("Docker-Content-Digest")
                .ifPresent(claimed -> fetched.verify(ManifestCodec.digest(claimed), what));
        return fetched;
    }
}
