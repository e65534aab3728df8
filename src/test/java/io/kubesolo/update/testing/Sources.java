package io.kubesolo.update.testing;

import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.http.HttpSource;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.ContentStore;
import io.kubesolo.update.oci.OciSource;
import io.kubesolo.update.verify.TrustedKeys;
import java.net.URI;

/**
 * Update sources as tests make them: what a test varies is a parameter; the rest is what a first
 * run has (no fetch cache) and warnings are dropped. A test about the cache or the warnings calls
 * the source's constructor itself.
 */
public final class Sources {

    private Sources() {}

    public static HttpSource http(URI server, HttpTransport transport, TrustedKeys trustedKeys) {
        return new HttpSource(server, transport, trustedKeys, FetchCache.disabled(), warning -> {});
    }

    /** An OCI source that checks digests only: it trusts no signing key. */
    public static OciSource oci(ContentStore store, String tag, String architecture) {
        return oci(store, tag, architecture, TrustedKeys.none());
    }

    public static OciSource oci(ContentStore store, String tag, String architecture, TrustedKeys trustedKeys) {
        return new OciSource(store, tag, architecture, trustedKeys, FetchCache.disabled(), warning -> {});
    }
}
