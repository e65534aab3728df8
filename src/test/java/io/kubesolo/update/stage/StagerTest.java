package io.kubesolo.update.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.UpdateSource;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.testing.DirectorySlot;
import io.kubesolo.update.testing.Stagers;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stager against the {@link UpdateSource} seam, with the bytes held by the test: what it
 * writes, in which order, and what it refuses. The HTTP tests in {@code cli} run it over sockets.
 */
class StagerTest {

    @TempDir
    Path slotDirectory;

    private final byte[] kernel = random(100_000, 1);
    private final byte[] initramfs = random(250_000, 2);
    private final Map<SlotFile, byte[]> served = new EnumMap<>(SlotFile.class);
    private final Map<SlotFile, Integer> opens = new EnumMap<>(SlotFile.class);
    private final List<String> offsets = new java.util.ArrayList<>();
    /** When set, the next stream of the initramfs fails with an IOException after this many bytes. */
    private int breakInitramfsAt = -1;

    private MountedSlot slot;

    @BeforeEach
    void setUp() {
        served.put(SlotFile.KERNEL, kernel);
        served.put(SlotFile.INITRAMFS, initramfs);
        slot = new DirectorySlot(SlotName.B, slotDirectory);
    }

    @Test
    void writesBothFilesAndTheVersionLast() throws Exception {
        StagingResult result = stager(TrustedKeys.none()).stage(release(Optional.empty()), slot);

        assertThat(result.downloaded()).containsExactly(SlotFile.KERNEL, SlotFile.INITRAMFS);
        assertThat(result.bytes()).isEqualTo(kernel.length + initramfs.length);
        assertThat(Files.readAllBytes(slotDirectory.resolve("vmlinuz"))).isEqualTo(kernel);
        assertThat(Files.readAllBytes(slotDirectory.resolve("kubesolo-os.gz"))).isEqualTo(initramfs);
        assertThat(Files.readString(slotDirectory.resolve("version"))).isEqualTo("v0.4.0\n");
        try (var entries = Files.list(slotDirectory)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("vmlinuz", "kubesolo-os.gz", "version");
        }
    }

    @Test
    void verifiesSignaturesWhileStreaming() throws Exception {
        SigningKey key = SigningKey.generate();
        TrustedKeys keys = TrustedKeys.of(List.of(key.publicKey()));

        stager(keys).stage(release(Optional.of(key)), slot);

        assertThat(Files.readString(slotDirectory.resolve("version"))).isEqualTo("v0.4.0\n");
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAndTheFileNeverLands() throws Exception {
        TrustedKeys keys = TrustedKeys.of(List.of(SigningKey.generate().publicKey()));

        assertThatThrownBy(() -> stager(keys).stage(release(Optional.of(SigningKey.generate())), slot))
                .isInstanceOf(UpdateException.class)
                .hasMessageContaining("signature of vmlinuz from test source is not valid for any trusted key")
                .satisfies(e -> assertThat(((UpdateException) e).outcome()).isEqualTo(Outcome.REFUSED));
        try (var entries = Files.list(slotDirectory)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aMissingSignatureIsRefusedBeforeTheSlotIsTouched() throws Exception {
        Files.writeString(slotDirectory.resolve("version"), "v0.2.0\n");
        TrustedKeys keys = TrustedKeys.of(List.of(SigningKey.generate().publicKey()));

        assertThatThrownBy(() -> stager(keys).stage(release(Optional.empty()), slot))
                .hasMessage("vmlinuz has no signature, and trusted keys are configured");
        assertThat(Files.readString(slotDirectory.resolve("version"))).isEqualTo("v0.2.0\n");
        assertThat(opens).isEmpty();
    }

    @Test
    void aReleaseWhoseSourceAuthenticatedTheDigestsNeedsNoArtifactSignatures() throws Exception {
        TrustedKeys keys = TrustedKeys.of(List.of(SigningKey.generate().publicKey()));
        Release unsigned = release(Optional.empty());
        Release signedDigests =
                new Release(unsigned.metadata(), unsigned.artifacts(), Release.ArtifactTrust.SIGNED_DIGESTS);

        stager(keys).stage(signedDigests, slot);

        assertThat(Files.readString(slotDirectory.resolve("version"))).isEqualTo("v0.4.0\n");
        assertThat(stager(keys).holdsRelease(signedDigests, slot)).isTrue();
        assertThat(stager(keys).holdsRelease(unsigned, slot)).isFalse();

        byte[] tampered = initramfs.clone();
        tampered[0] ^= 1;
        served.put(SlotFile.INITRAMFS, tampered);
        Files.delete(slotDirectory.resolve("kubesolo-os.gz"));
        assertThatThrownBy(() -> stager(keys).stage(signedDigests, slot))
                .hasMessageStartingWith("kubesolo-os.gz from test source has SHA-256 "
                        + Digest.of(tampered).hex());
    }

    @Test
    void aDigestMismatchLeavesTheSlotWithoutAVersion() throws Exception {
        Files.writeString(slotDirectory.resolve("version"), "v0.2.0\n");
        byte[] tampered = initramfs.clone();
        tampered[0] ^= 1;
        served.put(SlotFile.INITRAMFS, tampered);

        assertThatThrownBy(() -> stager(TrustedKeys.none()).stage(release(Optional.empty()), slot))
                .hasMessageStartingWith("kubesolo-os.gz from test source has SHA-256 "
                        + Digest.of(tampered).hex());
        assertThat(slotDirectory.resolve("version")).doesNotExist();
        assertThat(slotDirectory.resolve("kubesolo-os.gz")).doesNotExist();
        assertThat(slotDirectory.resolve(".kubesolo-os.gz.tmp")).doesNotExist();
    }

    @Test
    void holdsReleaseOnlyWhenVersionAndEveryDigestMatch() throws Exception {
        Stager stager = stager(TrustedKeys.none());
        Release release = release(Optional.empty());
        stager.stage(release, slot);
        opens.clear();

        assertThat(stager.holdsRelease(release, slot)).isTrue();
        Files.writeString(slotDirectory.resolve("version"), "v0.4.1\n");
        assertThat(stager.holdsRelease(release, slot)).isFalse();
        Files.writeString(slotDirectory.resolve("version"), "v0.4.0\n");
        Files.write(slotDirectory.resolve("vmlinuz"), random(kernel.length, 9));
        assertThat(stager.holdsRelease(release, slot)).isFalse();
        assertThat(opens).isEmpty();
    }

    @Test
    void aBrokenDownloadIsContinuedByTheNextRunAndTheSignatureCoversTheWholeFile() throws Exception {
        SigningKey key = SigningKey.generate();
        TrustedKeys keys = TrustedKeys.of(List.of(key.publicKey()));
        breakInitramfsAt = 100_000;

        assertThatThrownBy(() -> stager(keys).stage(release(Optional.of(key)), slot))
                .hasMessageContaining("broke off at byte 100000 of 250000: Connection reset")
                .hasMessageContaining("the next apply continues from there");
        assertThat(slotDirectory.resolve(".kubesolo-os.gz.tmp")).hasSize(100_000);
        assertThat(slotDirectory.resolve("version")).doesNotExist();

        StagingResult result = stager(keys).stage(release(Optional.of(key)), slot);

        assertThat(offsets).containsExactly("vmlinuz@0", "kubesolo-os.gz@0", "kubesolo-os.gz@100000");
        assertThat(result.reused()).isEqualTo(100_000);
        assertThat(result.bytes()).isEqualTo(150_000);
        assertThat(Files.readAllBytes(slotDirectory.resolve("kubesolo-os.gz"))).isEqualTo(initramfs);
        try (var entries = Files.list(slotDirectory)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("vmlinuz", "kubesolo-os.gz", "version");
        }
    }

    /**
     * The OS image's initramfs has no /etc/passwd: the user name the JVM reports names nobody. A
     * download cut by a power cut there must still be continued (found on a real boot, VmBootIT).
     */
    @Test
    void aBrokenDownloadIsContinuedWhenTheUserNameNamesNoAccount() throws Exception {
        breakInitramfsAt = 100_000;
        assertThatThrownBy(() -> stager(TrustedKeys.none()).stage(release(Optional.empty()), slot))
                .hasMessageContaining("the next apply continues from there");

        String userName = System.getProperty("user.name");
        System.setProperty("user.name", "?");
        try {
            StagingResult result = stager(TrustedKeys.none()).stage(release(Optional.empty()), slot);
            assertThat(result.reused()).isEqualTo(100_000);
        } finally {
            System.setProperty("user.name", userName);
        }
        assertThat(Files.readAllBytes(slotDirectory.resolve("kubesolo-os.gz"))).isEqualTo(initramfs);
    }

    /** Needs root, to give the partial file away. */
    @Test
    @Tag("system")
    void aPartialFileOwnedByAnotherUserIsRefusedNotContinued() throws Exception {
        breakInitramfsAt = 100_000;
        assertThatThrownBy(() -> stager(TrustedKeys.none()).stage(release(Optional.empty()), slot))
                .hasMessageContaining("the next apply continues from there");
        Files.setAttribute(slotDirectory.resolve(".kubesolo-os.gz.tmp"), "unix:uid", 65534);

        assertThatThrownBy(() -> stager(TrustedKeys.none()).stage(release(Optional.empty()), slot))
                .hasMessageContaining(".kubesolo-os.gz.tmp: is not a partial download of ours (owned by uid 65534)");
        assertThat(slotDirectory.resolve("version")).doesNotExist();
    }

    @Test
    void aPartialFileOfAnotherArtifactIsDiscardedNotContinued() throws Exception {
        Files.write(slotDirectory.resolve(".kubesolo-os.gz.tmp"), random(1000, 5));
        Files.writeString(
                slotDirectory.resolve(".kubesolo-os.gz.partial.json"),
                "{\"sha256\":\"" + Digest.of(kernel).hex() + "\",\"size\":" + initramfs.length + "}");
        Files.write(slotDirectory.resolve(".vmlinuz.tmp"), random(1000, 6)); // no sidecar: not ours to continue

        stager(TrustedKeys.none()).stage(release(Optional.empty()), slot);

        assertThat(offsets).containsExactly("vmlinuz@0", "kubesolo-os.gz@0");
        assertThat(Files.readAllBytes(slotDirectory.resolve("kubesolo-os.gz"))).isEqualTo(initramfs);
    }

    @Test
    void logsProgressWhenNotOnATerminal() {
        StringWriter log = new StringWriter();
        ProgressReporter reporter = ProgressReporter.to(new PrintWriter(log), false, Clock.systemUTC());

        Stagers.of(source(), TrustedKeys.none(), reporter).stage(release(Optional.empty()), slot);

        assertThat(log.toString())
                .contains(
                        "downloading vmlinuz (0.1 MiB)",
                        "downloading kubesolo-os.gz: 0.1 MiB (",
                        "downloaded kubesolo-os.gz: 0.2 MiB");
    }

    private Stager stager(TrustedKeys keys) {
        return Stagers.of(source(), keys, ProgressReporter.silent());
    }

    private UpdateSource source() {
        return new UpdateSource() {
            @Override
            public String describe() {
                return "test source";
            }

            @Override
            public Release fetchRelease() {
                throw new UnsupportedOperationException("the stager never fetches");
            }

            @Override
            public InputStream open(Artifact artifact, long offset) {
                opens.merge(artifact.slotFile(), 1, Integer::sum);
                offsets.add(artifact.slotFile().fileName() + "@" + offset);
                byte[] bytes = served.get(artifact.slotFile());
                InputStream in = new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
                if (artifact.slotFile() == SlotFile.INITRAMFS && breakInitramfsAt >= 0) {
                    int limit = breakInitramfsAt;
                    breakInitramfsAt = -1;
                    return new java.io.FilterInputStream(in) {
                        private int count;

                        @Override
                        public int read(byte[] buffer, int off, int length) throws java.io.IOException {
                            if (count >= limit) {
                                throw new java.io.IOException("Connection reset");
                            }
                            int read = super.read(buffer, off, Math.min(length, limit - count));
                            count += Math.max(read, 0);
                            return read;
                        }
                    };
                }
                return in;
            }
        };
    }

    private Release release(Optional<SigningKey> key) {
        ReleaseMetadata metadata = ReleaseMetadataBuilder.version("v0.4.0").build();
        return new Release(
                metadata,
                List.of(artifact(SlotFile.KERNEL, kernel, key), artifact(SlotFile.INITRAMFS, initramfs, key)));
    }

    private static Artifact artifact(SlotFile file, byte[] content, Optional<SigningKey> key) {
        return new Artifact(
                file,
                URI.create("test:" + file.fileName()),
                Digest.of(content),
                OptionalLong.of(content.length),
                key.map(k -> k.sign(content)));
    }

    private static byte[] random(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
