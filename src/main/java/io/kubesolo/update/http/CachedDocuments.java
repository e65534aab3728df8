package io.kubesolo.update.http;

import io.kubesolo.update.cache.CachedDocument;
import io.kubesolo.update.cache.FetchCache;
import java.net.URI;
import java.util.Optional;

/**
 * The small documents of a release ({@code latest.json}, signatures) fetched with conditional
 * requests: the copy the last run kept in the {@link FetchCache} is offered by its {@code ETag}
 * and {@code Last-Modified}, and a {@code 304 Not Modified} answer serves it again, so a repeated
 * check against an unchanged server transfers no body. A document the server sends without either
 * validator is not kept. What comes back is checked by the caller exactly as a fresh answer is.
 */
final class CachedDocuments {

    private final HttpTransport transport;
    private final FetchCache cache;
    private boolean servedFromCache;

    CachedDocuments(HttpTransport transport, FetchCache cache) {
        this.transport = transport;
        this.cache = cache;
    }

    /**
     * The document at {@code uri}.
     *
     * @param useCache false to fetch it unconditionally, replacing the kept copy
     */
    byte[] get(URI uri, String what, int maxBytes, boolean useCache) {
        String key = "GET " + uri;
        Optional<CachedDocument> held = useCache ? cache.get(key) : Optional.empty();
        Optional<CachedDocument> fresh = transport.getSmallIfChanged(uri, what, maxBytes, held);
        if (fresh.isEmpty()) {
            servedFromCache = true;
            return held.orElseThrow().bytes();
        }
        if (fresh.get().etag().isPresent() || fresh.get().lastModified().isPresent()) {
            cache.put(key, fresh.get());
        } else {
            cache.remove(key);
        }
        return fresh.get().bytes();
    }

    /** Whether any document so far was the kept copy, confirmed by a 304. */
    boolean servedFromCache() {
        return servedFromCache;
    }

    /** Writes what this run fetched for the next one. */
    void save() {
        cache.save();
    }
}
