package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * GET {@code /v2/<name>/blobs/<digest>}, from {@code offset} with a {@code Range} request. Returns
 * the body unread and unverified (the caller wraps it in a {@link VerifyingInputStream}); the
 * stream positioned at {@code offset} even when the registry ignored the range.
 */
final class BlobPuller implements RegistryEndpoint<InputStream> {

    private final RegistryRepository repository;
    private final Digest digest;
    private final long offset;

    BlobPuller(RegistryRepository repository, Digest digest, long offset) {
        this.repository = repository;
        this.digest = digest;
        this.offset = offset;
    }

    @Override
    public URI uri() {
        return repository.blob(digest);
    }

    @Override
    public String action() {
        return "download blob " + digest + " from " + repository;
    }

    @Override
    public Map<String, String> headers() {
        return offset == 0 ? Map.of() : Map.of("Range", "bytes=" + offset + "-");
    }

    @Override
    public InputStream handle(HttpResponse response) throws IOException {
        InputStream body = response.takeBody();
        if (offset > 0 && response.status() != 206) {
            // The registry sent the whole blob: skip what the caller already has.
            body.skipNBytes(offset);
        } else if (offset > 0) {
            String range = response.header("Content-Range").orElse("");
            if (!range.startsWith("bytes " + offset + "-")) {
                body.close();
                throw new OciException(
                        OciException.Reason.REGISTRY_ERROR,
                        action() + ": asked for bytes from " + offset + " but got range '" + range + "'");
            }
        }
        return body;
    }
}
