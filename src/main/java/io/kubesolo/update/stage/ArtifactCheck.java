package io.kubesolo.update.stage;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.StreamingVerification;
import io.kubesolo.update.verify.TrustedKeys;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one check on an artifact's bytes, whichever source they come from (sources hand out streams
 * bounded by size, not hashed): counts them against the declared size (failing as soon as there
 * are too many), digests them, and feeds the trusted-keys verification when the artifact needs
 * its own signature. {@link #finish()} says whether the whole is what the release declared.
 */
final class ArtifactCheck {

    private final Artifact artifact;
    private final String origin;
    private final MessageDigest sha256 = Digest.newSha256();
    private final Optional<StreamingVerification> signature;
    private long count;

    /**
     * @param origin where the bytes come from, for messages ("from http://x/vmlinuz", "in slot B")
     * @throws StageException (REFUSED) when keys are configured and the artifact has no signature
     */
    ArtifactCheck(Artifact artifact, TrustedKeys trustedKeys, String origin) {
        this.artifact = artifact;
        this.origin = origin;
        this.signature = trustedKeys.isEmpty()
                ? Optional.empty()
                : Optional.of(trustedKeys.begin(requireSignature(artifact, trustedKeys), name() + " " + origin));
    }

    /**
     * The artifact's signature when keys are configured (verification fails closed).
     *
     * @throws StageException (REFUSED) when keys are configured and the artifact has none
     */
    static byte[] requireSignature(Artifact artifact, TrustedKeys trustedKeys) {
        return artifact.signature()
                .orElseThrow(() -> new StageException(
                        Outcome.REFUSED,
                        artifact.slotFile().fileName() + " has no signature, and trusted keys are configured"));
    }

    void update(byte[] bytes, int offset, int length) {
        count += length;
        if (artifact.size().isPresent() && count > artifact.size().getAsLong()) {
            throw new StageException(
                    Outcome.FAILED,
                    name() + " " + origin + " is longer than the declared "
                            + artifact.size().getAsLong() + " bytes");
        }
        sha256.update(bytes, offset, length);
        signature.ifPresent(verification -> verification.update(bytes, offset, length));
    }

    /** @throws StageException when the size or digest differ, or the signature is not valid */
    void finish() {
        if (artifact.size().isPresent() && count != artifact.size().getAsLong()) {
            throw new StageException(
                    Outcome.FAILED,
                    name() + " " + origin + " is truncated: " + count + " of "
                            + artifact.size().getAsLong() + " bytes");
        }
        Digest actual = Digest.ofFinished(sha256);
        if (!actual.equals(artifact.digest())) {
            throw new StageException(
                    Outcome.FAILED,
                    name() + " " + origin + " has SHA-256 " + actual.hex() + ", the release declares "
                            + artifact.digest().hex());
        }
        signature.ifPresent(StreamingVerification::verify);
    }

    long count() {
        return count;
    }

    private String name() {
        return artifact.slotFile().fileName();
    }
}
