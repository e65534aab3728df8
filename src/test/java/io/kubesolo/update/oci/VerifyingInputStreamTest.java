package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.verify.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "the kernel bytes".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor BLOB = Descriptor.of(MediaTypes.KERNEL, Digest.of(CONTENT), CONTENT.length);

    private static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void passesExactlyTheAnnouncedContent() throws Exception {
        assertThat(readAll(VerifyingInputStream.whole(new ByteArrayInputStream(CONTENT), BLOB, "kernel")))
                .isEqualTo(CONTENT);
    }

    @Test
    void refusesOtherBytesOfTheSameSizeAtTheEnd() {
        byte[] altered = CONTENT.clone();
        altered[0] = 'T';

        assertThatThrownBy(() -> readAll(VerifyingInputStream.whole(new ByteArrayInputStream(altered), BLOB, "kernel")))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.TAMPERED))
                .hasMessage("kernel has digest " + Digest.of(altered) + " but should have " + BLOB.digest()
                        + "; the content was altered, refusing it");
    }

    @Test
    void refusesMoreBytesAsSoonAsTheyArrive() throws Exception {
        byte[] longer = (new String(CONTENT, StandardCharsets.UTF_8) + "!").getBytes(StandardCharsets.UTF_8);
        InputStream in = VerifyingInputStream.whole(new ByteArrayInputStream(longer), BLOB, "kernel");
        assertThat(in.readNBytes(CONTENT.length)).isEqualTo(CONTENT);

        assertThatThrownBy(in::read)
                .hasMessage(
                        "kernel is longer than the " + CONTENT.length + " bytes its descriptor declares; refusing it");
    }

    @Test
    void aStreamThatEndsEarlyIsABrokenTransferNotTampering() {
        byte[] shorter = java.util.Arrays.copyOf(CONTENT, 4);

        assertThatThrownBy(() -> readAll(VerifyingInputStream.whole(new ByteArrayInputStream(shorter), BLOB, "kernel")))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessage("kernel ended after 4 of the " + CONTENT.length + " bytes its descriptor declares");
    }

    @Test
    void aTailIsCheckedForSizeOnly() throws Exception {
        byte[] tail = java.util.Arrays.copyOfRange(CONTENT, 4, CONTENT.length);

        assertThat(readAll(VerifyingInputStream.bounded(new ByteArrayInputStream(tail), BLOB, 4, "kernel")))
                .isEqualTo(tail);
        assertThatThrownBy(() ->
                        readAll(VerifyingInputStream.bounded(new ByteArrayInputStream(CONTENT), BLOB, 4, "kernel")))
                .hasMessageContaining("is longer than");
    }

    @Test
    void aBoundedStreamLeavesTheDigestToItsReader() throws Exception {
        byte[] altered = CONTENT.clone();
        altered[0] ^= 1;

        assertThat(readAll(VerifyingInputStream.bounded(new ByteArrayInputStream(altered), BLOB, 0, "kernel")))
                .isEqualTo(altered);
        assertThatThrownBy(() -> readAll(VerifyingInputStream.bounded(
                        new ByteArrayInputStream(java.util.Arrays.copyOf(CONTENT, CONTENT.length + 1)),
                        BLOB,
                        0,
                        "kernel")))
                .hasMessageContaining("is longer than");
    }
}
