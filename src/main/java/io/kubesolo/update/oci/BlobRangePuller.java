package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * GET {@code /v2/<name>/blobs/<digest>} with {@code Range: bytes=first-last}, for a delta update
 * (docs/delta.md). The caller sends the header on every hop, so the range survives the registry's
 * redirect to its storage. A 206 answer must say it starts at the first byte asked for; a 200 answer
 * (no range support) is dropped unread and the result is empty.
 */
final class BlobRangePuller implements RegistryEndpoint<Optional<InputStream>> {

    private final RegistryRepository repository;
    private final Digest digest;
    private final long offset;
    private final long length;

    BlobRangePuller(RegistryRepository repository, Digest digest, long offset, long length) {
        this.repository = repository;
        this.digest = digest;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri() {
        return repository.blob(digest);
    }

    @Override
    public String action() {
        return "download bytes " + offset + "-" + (offset + length - 1) + " of blob " + digest + " from " + repository;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Range", "bytes=" + offset + "-" + (offset + length - 1));
    }

    @Override
    public Optional<InputStream> handle(HttpResponse response) throws IOException {
        if (response.status() != 206) {
            response.abandon(); // the whole blob: not read, the connection dropped
            return Optional.empty();
        }
        String range = response.header("Content-Range").orElse("");
        if (!range.startsWith("bytes " + offset + "-")) {
            throw new OciException(
                    OciException.Reason.REGISTRY_ERROR, action() + ": the registry sent the range '" + range + "'");
        }
        return Optional.of(response.takeBody());
    }
}
