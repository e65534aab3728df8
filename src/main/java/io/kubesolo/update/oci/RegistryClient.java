package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A repository on a registry, reached through the distribution API; each operation is one or two protocol steps. */
public final class RegistryClient implements ContentStore {

    /** Pages of referrers followed at most: a signature is among the first few referrers of a release. */
    static final int MAX_REFERRER_PAGES = 10;

    private final RegistryRepository repository;
    private final RegistryCaller caller;

    RegistryClient(RegistryRepository repository, RegistryCaller caller) {
        this.repository = repository;
        this.caller = caller;
    }

    /** A client for the repository of {@code reference} (its tag or digest are not used). */
    public static RegistryClient of(Reference reference, RegistryAccess access) {
        RegistryRepository repository = new RegistryRepository(reference, access.plainHttp());
        return new RegistryClient(
                repository,
                new RegistryCaller(repository.base(), access.credentialsFor(reference), access.transport()));
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

    @Override
    public List<Descriptor> referrers(Digest subject, String artifactType) {
        Optional<ReferrersPuller.Page> page = caller.call(new ReferrersPuller(repository, subject, artifactType));
        if (page.isEmpty()) {
            return ReferrersTag.read(this, subject);
        }
        List<Descriptor> referrers = new ArrayList<>(page.get().referrers());
        for (int pages = 1; page.get().next().isPresent() && pages < MAX_REFERRER_PAGES; pages++) {
            page = caller.call(
                    new ReferrersPuller(repository, subject, page.get().next().get()));
            if (page.isEmpty()) {
                break;
            }
            referrers.addAll(page.get().referrers());
        }
        return referrers;
    }

    @Override
    public boolean pushReferrer(byte[] manifest, String mediaType) {
        return caller.call(new ManifestPusher(
                repository, manifest, mediaType, Digest.of(manifest).toString()));
    }
}
