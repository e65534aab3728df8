package io.kubesolo.update;

import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.verify.Digest;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a release, as the source describes it before any byte of it is downloaded.
 *
 * @param slotFile  which slot file it becomes ({@code vmlinuz} or {@code kubesolo-os.gz})
 * @param location  where the source fetches it from; opaque to everything but the source
 * @param digest    the SHA-256 the bytes must have
 * @param size      exact size in bytes when the source declares one (OCI descriptors do)
 * @param signature a detached Ed25519 signature over the file's bytes, when the source has one
 */
public record Artifact(SlotFile slotFile, URI location, Digest digest, OptionalLong size, Optional<byte[]> signature) {

    public Artifact {
        Objects.requireNonNull(slotFile, "slotFile");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(signature, "signature");
    }
}
