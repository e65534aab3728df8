package io.kubesolo.update.oci;

import io.kubesolo.update.verify.Digest;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A blob's bytes, checked against its descriptor while they are read: reading past the declared
 * size, or (for a {@link #whole} blob) reaching the end with the wrong digest, throws an
 * {@link OciException} with reason {@link OciException.Reason#TAMPERED}. Reaching the end before the declared size is an
 * {@link EOFException}: the connection closed early (a body cut off, often with no error of its
 * own), which is a broken transfer to continue, not altered content. A consumer that reads to the
 * end has therefore read exactly the announced content; one that stops early has verified nothing.
 *
 * <p>A {@link #bounded} stream checks the size only. Artifacts are read that way: the stager
 * hashes every byte of an artifact once, including those an earlier run downloaded, so hashing
 * them here too would double the CPU cost of a download. Small blobs read whole (signatures)
 * verify themselves.
 */
public final class VerifyingInputStream extends FilterInputStream {

    private final Descriptor expected;
    private final String what;
    private final MessageDigest sha256;
    private long position;
    private boolean verified;

    private VerifyingInputStream(InputStream in, Descriptor expected, long offset, String what, boolean hash) {
        super(in);
        this.expected = expected;
        this.what = what;
        this.sha256 = hash ? Digest.newSha256() : null;
        this.position = offset;
    }

    /** Verifies the whole blob: digest and size. */
    public static VerifyingInputStream whole(InputStream in, Descriptor expected, String what) {
        return new VerifyingInputStream(in, expected, 0, what, true);
    }

    /** Checks the blob's bytes from {@code offset} against its size only (see the class comment). */
    public static VerifyingInputStream bounded(InputStream in, Descriptor expected, long offset, String what) {
        if (offset < 0 || offset > expected.size()) {
            throw new IllegalArgumentException("offset " + offset + " outside blob of " + expected.size() + " bytes");
        }
        return new VerifyingInputStream(in, expected, offset, what, false);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        position += n;
        if (position > expected.size()) {
            throw new OciException(
                    OciException.Reason.TAMPERED,
                    what + " is longer than the " + expected.size() + " bytes its descriptor declares; refusing it");
        }
        if (sha256 != null) {
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    private void verifyAtEnd() throws EOFException {
        if (verified) {
            return;
        }
        if (position < expected.size()) {
            throw new EOFException(what + " ended after " + position + " of the " + expected.size()
                    + " bytes its descriptor declares");
        }
        if (sha256 != null) {
            Digest actual = Digest.ofFinished(sha256);
            if (!actual.equals(expected.digest())) {
                throw new OciException(
                        OciException.Reason.TAMPERED,
                        what + " has digest " + actual + " but should have " + expected.digest()
                                + "; the content was altered, refusing it");
            }
        }
        verified = true;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(n, 64 * 1024)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // Not supported: re-reading bytes would hash them twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
