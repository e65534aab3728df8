package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.verify.Digest;
import java.net.URI;
import java.util.Optional;

/** HEAD {@code /v2/<name>/blobs/<digest>}: whether the repository already has a blob, so a push can skip it. */
final class BlobChecker implements RegistryEndpoint<Boolean> {

    private final RegistryRepository repository;
    private final Digest digest;

    BlobChecker(RegistryRepository repository, Digest digest) {
        this.repository = repository;
        this.digest = digest;
    }

    @Override
    public String method() {
        return "HEAD";
    }

    @Override
    public URI uri() {
        return repository.blob(digest);
    }

    @Override
    public String action() {
        return "check for blob " + digest + " in " + repository;
    }

    @Override
    public Boolean handle(HttpResponse response) {
        return true;
    }

    @Override
    public Optional<Boolean> whenNotFound() {
        return Optional.of(false);
    }
}
