package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.http.RequestBody;
import java.net.URI;
import java.util.Optional;

/**
 * Uploads a blob monolithically: POST {@code /v2/<name>/blobs/uploads/} opens an upload session,
 * PUT {@code <location>?digest=<digest>} streams the whole content into it (distribution spec
 * "pushing a blob monolithically"). The content is streamed, never held in memory.
 */
final class BlobPusher {

    private final RegistryRepository repository;
    private final Descriptor blob;
    private final BlobContent content;

    BlobPusher(RegistryRepository repository, Descriptor blob, BlobContent content) {
        this.repository = repository;
        this.blob = blob;
        this.content = content;
    }

    RegistryEndpoint<URI> initializer() {
        return new Initializer();
    }

    RegistryEndpoint<Void> committer(URI location) {
        return new Committer(location);
    }

    private String action() {
        return "upload blob " + blob.digest() + " to " + repository;
    }

    private final class Initializer implements RegistryEndpoint<URI> {

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public URI uri() {
            return repository.uploads();
        }

        @Override
        public String action() {
            return BlobPusher.this.action();
        }

        @Override
        public Optional<RequestBody> body() {
            return Optional.of(new RequestBody("application/octet-stream", 0, java.io.InputStream::nullInputStream));
        }

        @Override
        public URI handle(HttpResponse response) {
            String location = response.header("Location")
                    .orElseThrow(() -> new OciException(
                            OciException.Reason.REGISTRY_ERROR,
                            action() + ": the registry opened no upload (no Location)"));
            return repository.uploads().resolve(location);
        }
    }

    private final class Committer implements RegistryEndpoint<Void> {

        private final URI location;

        Committer(URI location) {
            String separator = location.getRawQuery() == null ? "?" : "&";
            this.location = URI.create(
                    location + separator + "digest=" + blob.digest().toString().replace(":", "%3A"));
        }

        @Override
        public String method() {
            return "PUT";
        }

        @Override
        public URI uri() {
            return location;
        }

        @Override
        public String action() {
            return BlobPusher.this.action();
        }

        @Override
        public Optional<RequestBody> body() {
            return Optional.of(new RequestBody("application/octet-stream", blob.size(), content::open));
        }

        @Override
        public Void handle(HttpResponse response) {
            return null;
        }
    }
}
