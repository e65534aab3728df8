package io.kubesolo.update.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Publishes content to a registry WITHOUT our code: each request is a {@code curl} process
 * following the distribution API by hand (monolithic blob upload POST + PUT, manifest PUT), so
 * tests read releases our pusher did not write, and fetch what our pusher wrote.
 */
final class CurlPublisher {

    private final String registry;
    private final String repository;
    private final Path workDirectory;
    private final Optional<String> userAndPassword;

    CurlPublisher(LocalRegistry registry, String repository, Path workDirectory) {
        this(registry, repository, workDirectory, Optional.empty());
    }

    CurlPublisher(LocalRegistry registry, String repository, Path workDirectory, Optional<String> userAndPassword) {
        this.registry = registry.base().toString();
        this.repository = repository;
        this.workDirectory = workDirectory;
        this.userAndPassword = userAndPassword;
    }

    /** Pushes a blob and returns its descriptor JSON fields {@code "digest":"sha256:..","size":N}. */
    Blob pushBlob(byte[] content) throws IOException, InterruptedException {
        String digest = "sha256:" + sha256(content);
        Path file = Files.write(Files.createTempFile(workDirectory, "blob", ".bin"), content);
        String headers =
                curl("-X", "POST", "-D", "-", "-o", "/dev/null", registry + "/v2/" + repository + "/blobs/uploads/");
        String location = headers.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("location:"))
                .map(line -> line.substring("location:".length()).strip())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Location in " + headers));
        String separator = location.contains("?") ? "&" : "?";
        curl(
                "-X",
                "PUT",
                "-T",
                file.toString(),
                "-H",
                "Content-Type: application/octet-stream",
                location + separator + "digest=" + digest);
        return new Blob(digest, content.length);
    }

    /** Pushes a manifest or index document under a tag (or digest) and returns its digest. */
    String pushManifest(String json, String mediaType, String tagOrDigest) throws IOException, InterruptedException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(Files.createTempFile(workDirectory, "manifest", ".json"), bytes);
        curl(
                "-X",
                "PUT",
                "-H",
                "Content-Type: " + mediaType,
                "--data-binary",
                "@" + file,
                registry + "/v2/" + repository + "/manifests/" + tagOrDigest);
        return "sha256:" + sha256(bytes);
    }

    /** Fetches {@code /v2/<repository>/<kind>/<reference>} (manifests or blobs) into {@code file}, byte for byte. */
    Path fetch(String kind, String reference, String accept, Path file) throws IOException, InterruptedException {
        curl(
                "-o",
                file.toString(),
                "-H",
                "Accept: " + accept,
                "-L",
                registry + "/v2/" + repository + "/" + kind + "/" + reference);
        return file;
    }

    private String curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body", "--max-time", "30"));
        userAndPassword.ifPresent(credentials -> command.addAll(List.of("-u", credentials)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("curl " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pushed blob: its digest and size, and their JSON descriptor fields for a manifest. */
    record Blob(String digest, long size) {

        String descriptor(String mediaType) {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }
}
