package io.kubesolo.update.oci;

import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An OCI image layout directory (image-spec "image-layout"): an {@code oci-layout} file,
 * {@code index.json}, and {@code blobs/sha256/<hex>}. Tags are the
 * {@code org.opencontainers.image.ref.name} annotations of {@code index.json}'s manifests, as
 * {@code skopeo copy ... oci:DIR:TAG} writes them. Releases for air-gapped machines are carried
 * this way, e.g. on a USB stick.
 *
 * <p>Writing creates the directory on first use; every file is written atomically, blobs are
 * checked against their digest before they are renamed into place.
 *
 * <p>Referrers (signatures) are found through the fallback tag {@code sha256-<hex>} in
 * {@code index.json}, which is what {@code push --sign-key} writes and what {@code skopeo copy} of
 * that tag carries, and through untagged {@code index.json} entries whose manifest names the
 * subject, as {@code oras copy -r} lays them out.
 *
 * <p>A layout may come on a stick someone else prepared, and the agent reads it as root: only
 * regular files inside the layout directory are opened, never through a symbolic link (a blob
 * linked to {@code /etc/shadow}) and never a FIFO or device (which would block the read forever);
 * a blob shorter or longer than its manifest says is a corrupt layout, not a download to resume.
 */
public final class OciLayout implements ContentStore {

    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String LAYOUT_FILE = "oci-layout";
    private static final String LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private final Path directory;

    public OciLayout(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "OCI layout " + directory;
    }

    @Override
    public FetchedManifest fetchManifest(String tagOrDigest) {
        if (tagOrDigest.startsWith("sha256:")) {
            Digest digest = ManifestCodec.digest(tagOrDigest);
            FetchedManifest fetched = FetchedManifest.of(readManifestBlob(digest), "");
            fetched.verify(digest, "manifest " + digest + " in " + describe());
            return fetched;
        }
        Descriptor descriptor = index().manifests().stream()
                .filter(manifest -> tagOrDigest.equals(manifest.annotations().get(REF_NAME)))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new OciException(
                        OciException.Reason.NOT_FOUND,
                        "tag " + tagOrDigest + " not found in " + describe() + " (it has: " + tags() + ")"));
        String what = "manifest of tag " + tagOrDigest + " in " + describe();
        if (descriptor.size() > ManifestCodec.MAX_BYTES) {
            throw ManifestCodec.tooLarge(what);
        }
        FetchedManifest fetched = FetchedManifest.of(readManifestBlob(descriptor.digest()), descriptor.mediaType());
        fetched.verify(descriptor, what);
        return fetched;
    }

    private String tags() {
        String tags = index().manifests().stream()
                .map(manifest -> manifest.annotations().get(REF_NAME))
                .filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        return tags.isEmpty() ? "no tags" : tags;
    }

    private byte[] readManifestBlob(Digest digest) {
        try {
            return ManifestCodec.readCapped(
                    Channels.newInputStream(openFile(blobPath(digest))), "manifest " + digest + " in " + describe());
        } catch (NoSuchFileException e) {
            throw missingBlob(digest);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The layout's {@code index.json}; its absence means the directory is not a layout. */
    ImageIndex index() {
        checkLayoutFile();
        Path indexFile = directory.resolve("index.json");
        try {
            byte[] bytes = ManifestCodec.readCapped(Channels.newInputStream(openFile(indexFile)), indexFile.toString());
            OciDocument document = ManifestCodec.parse(bytes, MediaTypes.OCI_INDEX, indexFile.toString());
            if (!(document instanceof ImageIndex imageIndex)) {
                throw ManifestCodec.malformed(indexFile.toString(), "is not an image index");
            }
            return imageIndex;
        } catch (NoSuchFileException e) {
            throw new OciException(
                    OciException.Reason.UNREACHABLE, "cannot read " + describe() + ": it has no index.json");
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private void checkLayoutFile() {
        Path layoutFile = directory.resolve(LAYOUT_FILE);
        if (!Files.isRegularFile(layoutFile)) {
            throw new OciException(
                    OciException.Reason.UNREACHABLE,
                    "cannot read " + describe() + ": "
                            + (Files.isDirectory(directory) ? "it has no oci-layout file" : "no such directory"));
        }
    }

    @Override
    public InputStream openBlob(Digest digest, long offset) {
        return Channels.newInputStream(openBlobChannel(digest, offset));
    }

    /** As {@link #openBlob(Digest, long)}; a file of another size than {@code blob}'s is a corrupt layout. */
    @Override
    public InputStream openBlob(Descriptor blob, long offset) {
        FileChannel channel = openBlobChannel(blob.digest(), offset);
        try {
            long size = channel.size();
            if (size != blob.size()) {
                channel.close();
                throw new OciException(
                        OciException.Reason.TAMPERED,
                        "blob " + blob.digest() + " in " + describe()
                                + " has " + size + " bytes, its manifest says " + blob.size()
                                + ": the layout is corrupt"
                                + " (copy it again)");
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        return Channels.newInputStream(channel);
    }

    private FileChannel openBlobChannel(Digest digest, long offset) {
        checkLayoutFile();
        try {
            FileChannel channel = openFile(blobPath(digest));
            channel.position(offset);
            return channel;
        } catch (NoSuchFileException e) {
            throw missingBlob(digest);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Opens a file of the layout for reading, when it is a regular file inside the layout directory:
     * checked without following a link, then opened without following one ({@code O_NOFOLLOW}).
     */
    private FileChannel openFile(Path file) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new OciException(
                    OciException.Reason.MALFORMED,
                    "cannot read " + describe() + ": " + file + " is "
                            + (attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file")
                            + "; a layout holds only regular files");
        }
        if (!file.toRealPath().startsWith(directory.toRealPath())) {
            throw new OciException(
                    OciException.Reason.MALFORMED,
                    "cannot read " + describe() + ": " + file + " lies outside the layout (" + file.toRealPath() + ")");
        }
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public URI blobLocation(Digest digest) {
        return blobPath(digest).toUri();
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public void pushBlob(Descriptor blob, BlobContent content) {
        try {
            createLayout();
            Path target = blobPath(blob.digest());
            Files.createDirectories(target.getParent());
            Path temporary = AtomicFiles.temporarySibling(target);
            AtomicFiles.refuseSymbolicLink(temporary);
            try {
                MessageDigest sha256 = Digest.newSha256();
                try (InputStream in = content.open();
                        FileChannel channel = AtomicFiles.createTemporary(temporary);
                        OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
                    in.transferTo(out);
                    out.flush();
                    channel.force(true);
                }
                Digest actual = Digest.ofFinished(sha256);
                if (!actual.equals(blob.digest()) || Files.size(temporary) != blob.size()) {
                    throw new OciException(
                            OciException.Reason.TAMPERED,
                            "blob written to " + describe() + " has digest " + actual + " but should have "
                                    + blob.digest() + "; did the file change?");
                }
                AtomicFiles.replace(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    @Override
    public void pushManifest(byte[] manifest, String mediaType, String tag) {
        Digest digest = Digest.of(manifest);
        pushBlob(Descriptor.of(mediaType, digest, manifest.length), () -> new ByteArrayInputStream(manifest));
        List<Descriptor> manifests = new ArrayList<>();
        for (Descriptor existing :
                Files.exists(directory.resolve("index.json")) ? index().manifests() : List.<Descriptor>of()) {
            if (!tag.equals(existing.annotations().get(REF_NAME))) {
                manifests.add(existing);
            }
        }
        manifests.add(Descriptor.of(mediaType, digest, manifest.length).withAnnotations(Map.of(REF_NAME, tag)));
        try {
            AtomicFiles.write(
                    directory.resolve("index.json"),
                    ManifestCodec.write(new ImageIndex(MediaTypes.OCI_INDEX, manifests, Map.of())));
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    @Override
    public List<Descriptor> referrers(Digest subject, String artifactType) {
        List<Descriptor> referrers = new ArrayList<>(ReferrersTag.read(this, subject));
        for (Descriptor entry : index().manifests()) {
            boolean untaggedManifest =
                    !entry.annotations().containsKey(REF_NAME) && MediaTypes.isManifest(entry.mediaType());
            if (untaggedManifest
                    && referrers.stream().noneMatch(known -> known.digest().equals(entry.digest()))
                    && refersTo(entry, subject)) {
                referrers.add(entry);
            }
        }
        return referrers;
    }

    private boolean refersTo(Descriptor entry, Digest subject) {
        String what = "manifest " + entry.digest() + " in " + describe();
        FetchedManifest fetched = FetchedManifest.of(readManifestBlob(entry.digest()), entry.mediaType());
        fetched.verify(entry, what);
        return ManifestCodec.parseManifest(fetched.bytes(), entry.mediaType(), what)
                .subject()
                .map(named -> named.digest().equals(subject))
                .orElse(false);
    }

    /** Stores the referrer as a blob only: a layout has no referrers API, the caller writes the fallback tag. */
    @Override
    public boolean pushReferrer(byte[] manifest, String mediaType) {
        pushBlob(
                Descriptor.of(mediaType, Digest.of(manifest), manifest.length),
                () -> new ByteArrayInputStream(manifest));
        return false;
    }

    private void createLayout() throws IOException {
        Files.createDirectories(directory);
        Path layoutFile = directory.resolve(LAYOUT_FILE);
        if (!Files.exists(layoutFile)) {
            AtomicFiles.write(layoutFile, LAYOUT_CONTENT.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Path blobPath(Digest digest) {
        return directory.resolve("blobs").resolve("sha256").resolve(digest.hex());
    }

    private OciException missingBlob(Digest digest) {
        return new OciException(OciException.Reason.NOT_FOUND, "blob " + digest + " not found in " + describe());
    }

    private OciException unreadable(IOException e) {
        return new OciException(OciException.Reason.UNREACHABLE, "cannot read " + describe() + ": " + e, e);
    }

    private OciException unwritable(IOException e) {
        return new OciException(OciException.Reason.UNREACHABLE, "cannot write " + describe() + ": " + e, e);
    }
}
