package io.kubesolo.update.oci;

import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** A repository on a registry, reached through the distribution API; each operation is one or two protocol steps. */
public final class RegistryClient implements ContentStore {

    private final RegistryRepository repository;
    private final RegistryCaller caller;

    RegistryClient(RegistryRepository repository, RegistryCaller caller) {
        this.repository = repository;
        this.caller = caller;
    }

    /** A client for the repository of {@code reference} (its tag or digest are not used). */
    public static RegistryClient of(Reference reference, RegistryAccess access) {
        return new RegistryClient(new RegistryRepository(reference, access.plainHttp()),
                new RegistryCaller(access.plainHttp(), access.credentialsFor(reference),
                        access.connectTimeout(), access.readTimeout(), access.retry(), access.proxies()));
    }

    @Override
    public String describe() {
        return repository.toString();
    }

    @Override
    public FetchedManifest fetchManifest(String tagOrDigest) {
        return caller.call(new ManifestPuller(repository, tagOrDigest));
    }

    @Override
    public Optional<Digest> manifestDigest(String tag) {
        return caller.call(new ManifestChecker(repository, tag));
    }

    @Override
    public InputStream openBlob(Digest digest, long offset) {
        return caller.call(new BlobPuller(repository, digest, offset));
    }

    @Override
    public URI blobLocation(Digest digest) {
        return repository.blob(digest);
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return caller.call(new BlobChecker(repository, digest));
    }

    @Override
    public void pushBlob(Descriptor blob, BlobContent content) {
        BlobPusher pusher = new BlobPusher(repository, blob, content);
        URI location = caller.call(pusher.initializer());
        caller.call(pusher.committer(location));
    }

    @Override
    public void pushManifest(byte[] manifest, String mediaType, String tag) {
        caller.call(new ManifestPusher(repository, manifest, mediaType, tag));
    }
}
