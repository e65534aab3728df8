package io.kubesolo.update.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.fs.AtomicFiles;
import io.kubesolo.update.http.LatestJson;
import io.kubesolo.update.policy.Version;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes an HTTP release directory any static web server can serve (spec §4, §5): the kernel and
 * initramfs under {@code <version>/}, {@code latest.json} naming them with their SHA-256 digests
 * and sizes, and, with a signing key, a raw 64-byte signature beside each file and
 * {@code latest.json.sig} over the exact bytes of {@code latest.json}.
 *
 * <p>Files go into a directory per version so that publishing a new release into a directory
 * being served never changes a file a device is downloading for the previous one. Every file is
 * written atomically, and {@code latest.json} last: until it is replaced, devices see the previous
 * release whole.
 */
public final class HttpPublisher {

    static final String KERNEL = "vmlinuz";
    static final String INITRAMFS = "kubesolo-os.gz";
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9]+");
    private static final int BUFFER_BYTES = 128 * 1024;

    private final Optional<SigningKey> key;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public HttpPublisher(Optional<SigningKey> key) {
        this.key = key;
    }

    /**
     * Publishes {@code release} into {@code out}.
     *
     * @return the files written, latest.json last
     */
    public List<Path> publish(HttpRelease release, Path out) {
        validate(release);
        try {
            Path directory = out.resolve(release.version());
            Files.createDirectories(directory);
            List<Path> written = new ArrayList<>();
            Path kernel = directory.resolve(KERNEL);
            Path initramfs = directory.resolve(INITRAMFS);
            Digest kernelDigest = copy(release.kernel(), kernel);
            written.add(kernel);
            Digest initramfsDigest = copy(release.initramfs(), initramfs);
            written.add(initramfs);
            if (key.isPresent()) {
                written.add(sign(kernel));
                written.add(sign(initramfs));
            }
            String base = release.baseUrl().map(HttpPublisher::withSlash).orElse("");
            String prefix = base + release.version() + "/";
            LatestJson document = new LatestJson(
                    release.version(),
                    prefix + KERNEL,
                    kernelDigest.hex(),
                    Files.size(kernel),
                    signatureUrl(prefix + KERNEL),
                    prefix + INITRAMFS,
                    initramfsDigest.hex(),
                    Files.size(initramfs),
                    signatureUrl(prefix + INITRAMFS),
                    key.isPresent() ? base + "latest.json.sig" : null,
                    release.channel().orElse(null),
                    release.minCompatibleVersion().orElse(null),
                    release.architecture().orElse(null),
                    release.releaseNotes().orElse(null),
                    release.releaseDate().orElse(null),
                    release.expires().map(Object::toString).orElse(null),
                    release.rolloutPercent().map(RolloutPercent::percent).orElse(null));
            byte[] bytes = json.writeValueAsBytes(document);
            if (key.isPresent()) {
                Path signature = out.resolve("latest.json.sig");
                AtomicFiles.write(signature, key.get().sign(bytes));
                written.add(signature);
            }
            Path latest = out.resolve("latest.json");
            AtomicFiles.write(latest, bytes);
            written.add(latest);
            return written;
        } catch (JsonProcessingException e) {
            throw new PublishException("cannot write latest.json: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PublishException(
                    "cannot publish " + release.version() + " into " + out + ": " + e.getMessage(), e);
        }
    }

    private String signatureUrl(String fileUrl) {
        return key.isPresent() ? fileUrl + ".sig" : null;
    }

    private static String withSlash(java.net.URI url) {
        return url.toString().endsWith("/") ? url.toString() : url + "/";
    }

    private static void validate(HttpRelease release) {
        Version.parse(release.version(), "release version");
        if (!release.version().matches("[0-9A-Za-z.+-]+")) {
            throw new PublishException("release version '" + release.version() + "' is not usable as a directory name");
        }
        release.minCompatibleVersion().ifPresent(version -> Version.parse(version, "--min-compatible-version"));
        release.architecture().ifPresent(architecture -> {
            if (!ARCHITECTURE.matcher(architecture).matches()) {
                throw new PublishException(
                        "architecture '" + architecture + "' is not a Go architecture name (amd64, arm64)");
            }
        });
        release.releaseDate().ifPresent(date -> {
            try {
                OffsetDateTime.parse(date);
            } catch (DateTimeParseException e) {
                throw new PublishException(
                        "release date '" + date + "' is not RFC 3339 (e.g. 2026-05-01T12:00:00Z)", e);
            }
        });
        for (Path file : List.of(release.kernel(), release.initramfs())) {
            if (!Files.isRegularFile(file)) {
                throw new PublishException(
                        "cannot publish " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
        }
    }

    /** Copies {@code from} to {@code to} atomically, digesting the bytes on the way. */
    private static Digest copy(Path from, Path to) throws IOException {
        MessageDigest digest = Digest.newSha256();
        Path temporary = AtomicFiles.temporarySibling(to);
        AtomicFiles.refuseSymbolicLink(temporary);
        try {
            try (InputStream in = Files.newInputStream(from);
                    FileChannel channel = AtomicFiles.createTemporary(temporary)) {
                OutputStream out = Channels.newOutputStream(channel);
                byte[] buffer = new byte[BUFFER_BYTES];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
                channel.force(true);
            }
            AtomicFiles.replace(temporary, to);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return Digest.ofFinished(digest);
    }

    private Path sign(Path file) {
        Path signature = FileSigner.defaultSignaturePath(file);
        new FileSigner(key.orElseThrow(), SignatureFormat.RAW).sign(file, signature);
        return signature;
    }
}
