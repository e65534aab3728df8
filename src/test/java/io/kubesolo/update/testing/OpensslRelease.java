package io.kubesolo.update.testing;

import io.kubesolo.update.policy.MachineArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An HTTP release made without any of our code, the way an operator with a shell script would:
 * keys from {@code openssl genpkey}, digests from {@code sha256sum}, a hand-written latest.json
 * (relative URLs, no sizes, an unknown key), detached signatures from {@code openssl pkeyutl}.
 */
public final class OpensslRelease {

    private final Path privateKey;
    private final Path publicKeyPem;

    private OpensslRelease(Path privateKey, Path publicKeyPem) {
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** Generates an Ed25519 key pair with openssl in {@code directory}. */
    public static OpensslRelease withNewKey(Path directory) throws IOException, InterruptedException {
        Path privateKey = directory.resolve("release.key");
        Path publicKey = directory.resolve("release.pub.pem");
        Processes.output(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", privateKey.toString()));
        Processes.output(
                List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString()));
        return new OpensslRelease(privateKey, publicKey);
    }

    public Path privateKey() {
        return privateKey;
    }

    public Path publicKeyPem() {
        return publicKeyPem;
    }

    /**
     * Writes {@code site/latest.json} and {@code site/os/<version>/{vmlinuz,kubesolo-os.gz}}, all
     * signed, for a static web server to serve. Returns the directory holding the two files.
     */
    public Path writeSite(Path site, String version, byte[] kernel, byte[] initramfs)
            throws IOException, InterruptedException {
        String directory = "os/" + version.replaceFirst("^v", "");
        Path files = Files.createDirectories(site.resolve(directory));
        Files.write(files.resolve("vmlinuz"), kernel);
        Files.write(files.resolve("kubesolo-os.gz"), initramfs);
        String latest = "{\n"
                + "  \"version\": \"" + version + "\",\n"
                + "  \"vmlinuz_url\": \"" + directory + "/vmlinuz\",\n"
                + "  \"vmlinuz_sha256\": \"" + sha256sum(files.resolve("vmlinuz")) + "\",\n"
                + "  \"vmlinuz_sig_url\": \"" + directory + "/vmlinuz.sig\",\n"
                + "  \"initramfs_url\": \"" + directory + "/kubesolo-os.gz\",\n"
                + "  \"initramfs_sha256\": \"" + sha256sum(files.resolve("kubesolo-os.gz")) + "\",\n"
                + "  \"initramfs_sig_url\": \"" + directory + "/kubesolo-os.gz.sig\",\n"
                + "  \"channel\": \"stable\",\n"
                + "  \"architecture\": \"" + MachineArchitecture.ofThisMachine() + "\",\n"
                + "  \"min_compatible_version\": \"v0.2.0\",\n"
                + "  \"release_notes\": \"Hand-made.\",\n"
                + "  \"release_date\": \"2026-05-01T12:00:00+02:00\",\n"
                + "  \"built_by\": \"a shell script\"\n"
                + "}\n";
        Files.writeString(site.resolve("latest.json"), latest);
        sign(site.resolve("latest.json"));
        sign(files.resolve("vmlinuz"));
        sign(files.resolve("kubesolo-os.gz"));
        return files;
    }

    private void sign(Path file) throws IOException, InterruptedException {
        Processes.output(List.of(
                "openssl",
                "pkeyutl",
                "-sign",
                "-inkey",
                privateKey.toString(),
                "-rawin",
                "-in",
                file.toString(),
                "-out",
                file + ".sig"));
    }

    public static String sha256sum(Path file) throws IOException, InterruptedException {
        return Processes.output(List.of("sha256sum", file.toString())).split(" ", 2)[0];
    }
}
