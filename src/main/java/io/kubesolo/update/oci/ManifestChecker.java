package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.verify.Digest;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * HEAD {@code /v2/<name>/manifests/<tag>}: the digest of the manifest a tag names now, from
 * {@code Docker-Content-Digest}, without transferring it (and, on registries that count pulls, a
 * HEAD is not one). Empty when the registry does not send the header.
 */
final class ManifestChecker implements RegistryEndpoint<Optional<Digest>> {

    private final RegistryRepository repository;
    private final String tag;

    ManifestChecker(RegistryRepository repository, String tag) {
        this.repository = repository;
        this.tag = tag;
    }

    @Override
    public String method() {
        return "HEAD";
    }

    @Override
    public URI uri() {
        return repository.manifest(tag);
    }

    @Override
    public String action() {
        return "check manifest " + tag + " in " + repository;
    }

    @Override
    public List<String> accept() {
        return MediaTypes.MANIFEST_TYPES;
    }

    @Override
    public OciException notFound() {
        return new OciException(OciException.Reason.NOT_FOUND, "tag " + tag + " not found in " + repository);
    }

    @Override
    public Optional<Digest> handle(HttpResponse response) {
        return response.header("Docker-Content-Digest").map(ManifestCodec::digest);
    }
}
