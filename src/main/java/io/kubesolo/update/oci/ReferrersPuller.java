package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET {@code /v2/<name>/referrers/<digest>?artifactType=...} (OCI distribution spec 1.1): one page
 * of the image index listing the manifests whose {@code subject} is the digest. A 404 means the
 * registry has no referrers API (distribution 2.8 has none); the result is then empty and the
 * caller reads the fallback tag instead. The registry may ignore the filter, so callers filter too.
 */
final class ReferrersPuller implements RegistryEndpoint<Optional<ReferrersPuller.Page>> {

    /** The next page, from {@code Link: <url>; rel="next"}. */
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    /** One page of referrers and where the next one is, if there is one. */
    record Page(List<Descriptor> referrers, Optional<URI> next) {}

    private final RegistryRepository repository;
    private final Digest subject;
    private final URI uri;

    /** The first page. */
    ReferrersPuller(RegistryRepository repository, Digest subject, String artifactType) {
        this(repository, subject, repository.referrers(subject, artifactType));
    }

    /** A later page, at the URI the previous page's {@code Link} named. */
    ReferrersPuller(RegistryRepository repository, Digest subject, URI page) {
        this.repository = repository;
        this.subject = subject;
        this.uri = page;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String action() {
        return "list the referrers of " + subject + " in " + repository;
    }

    @Override
    public List<String> accept() {
        return List.of(MediaTypes.OCI_INDEX);
    }

    @Override
    public Optional<Optional<Page>> whenNotFound() {
        return Optional.of(Optional.empty());
    }

    @Override
    public Optional<Page> handle(HttpResponse response) throws IOException {
        String what = "referrers of " + subject + " from " + repository;
        if (response.contentLength().orElse(0) > ManifestCodec.MAX_BYTES) {
            throw ManifestCodec.tooLarge(what);
        }
        byte[] bytes = ManifestCodec.readCapped(response.body(), what);
        OciDocument document = ManifestCodec.parse(bytes, MediaTypes.OCI_INDEX, what);
        if (!(document instanceof ImageIndex imageIndex)) {
            throw ManifestCodec.malformed(what, "is not an image index");
        }
        Optional<URI> next =
                response.header("Link").map(NEXT::matcher).filter(Matcher::find).map(link -> nextPage(link.group(1)));
        return Optional.of(new Page(imageIndex.manifests(), next));
    }

    /** The next page's URI; it must stay on this registry, which gets our credentials. */
    private URI nextPage(String link) {
        URI next = uri.resolve(link);
        if (!next.getScheme().equals(uri.getScheme()) || !next.getAuthority().equals(uri.getAuthority())) {
            throw new OciException(
                    OciException.Reason.REGISTRY_ERROR,
                    action() + ": the next page is on another host (" + next.getAuthority()
                            + "); refusing to follow it");
        }
        return next;
    }
}
