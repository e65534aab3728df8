package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.OpenSsl;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCI signatures interoperate with tools that are not ours: a signature made with
 * {@code openssl pkeyutl -sign -rawin} over manifest bytes fetched with curl, and pushed with curl
 * as a referrer plus the fallback tag, is accepted; a signature our signer attached, fetched with
 * curl, verifies with {@code openssl pkeyutl -verify}.
 */
@Tag("system")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenSslSignatureInteropTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path work;

    private Pusher.Pushed push(String repository) throws Exception {
        Path kernel = Files.writeString(work.resolve("vmlinuz"), ("interop kernel " + work).repeat(300));
        Path initramfs = Files.writeString(work.resolve("initramfs"), ("interop initramfs " + work).repeat(300));
        return new Pusher(REGISTRY.store(repository))
                .push(kernel, initramfs, PusherRegistryTest.metadata("v0.4.0", "amd64"), List.of("stable"));
    }

    @Test
    void aSignatureMadeWithOpensslAndPushedWithCurlIsAccepted() throws Exception {
        Pusher.Pushed pushed = push("interop/openssl");
        CurlPublisher curl = new CurlPublisher(REGISTRY, "interop/openssl", work);
        Path manifest = curl.fetch("manifests", "stable", MediaTypes.OCI_MANIFEST, work.resolve("manifest.json"));
        OpenSsl.run(work, "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
        OpenSsl.run(work, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
        OpenSsl.run(work, "pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der");
        byte[] der = Files.readAllBytes(work.resolve("pub.der"));
        String keyId = CurlPublisher.sha256(Arrays.copyOfRange(der, der.length - 32, der.length));
        OpenSsl.run(work, "pkeyutl", "-sign", "-rawin", "-inkey", "key.pem", "-in", "manifest.json", "-out", "sig.bin");

        CurlPublisher.Blob signature = curl.pushBlob(Files.readAllBytes(work.resolve("sig.bin")));
        curl.pushBlob("{}".getBytes(StandardCharsets.UTF_8));
        String referrer = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.kubesolo.os.signature.v1\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + ReleaseDocuments.EMPTY_CONFIG_DIGEST + "\",\"size\":2},"
                + "\"layers\":[" + signature.descriptor("application/vnd.kubesolo.os.signature.v1+ed25519") + "],"
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"sha256:"
                + CurlPublisher.sha256(Files.readAllBytes(manifest)) + "\",\"size\":" + Files.size(manifest) + "},"
                + "\"annotations\":{\"io.kubesolo.os.signature.keyid\":\"" + keyId + "\"}}";
        String referrerDigest = curl.pushManifest(
                referrer,
                MediaTypes.OCI_MANIFEST,
                "sha256:" + CurlPublisher.sha256(referrer.getBytes(StandardCharsets.UTF_8)));
        curl.pushManifest(
                ReleaseDocuments.index(
                        MediaTypes.OCI_INDEX,
                        "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                                + "\",\"artifactType\":\"application/vnd.kubesolo.os.signature.v1\",\"digest\":\""
                                + referrerDigest
                                + "\",\"size\":" + referrer.length()
                                + ",\"annotations\":{\"io.kubesolo.os.signature.keyid\":\""
                                + keyId + "\"}}"),
                MediaTypes.OCI_INDEX,
                "sha256-" + pushed.manifest().digest().hex());

        TrustedKeys keys = TrustedKeys.load(List.of(work.resolve("pub.pem")));
        assertThat(keys.keys().get(0).keyId()).isEqualTo(keyId);
        assertThat(Sources.oci(REGISTRY.store("interop/openssl"), "stable", "amd64", keys)
                        .fetchRelease()
                        .metadata()
                        .version())
                .isEqualTo("v0.4.0");
    }

    @Test
    void ourSignatureFetchedWithCurlVerifiesWithOpenssl() throws Exception {
        Pusher.Pushed pushed = push("interop/ours");
        SigningKey key = SigningKey.generate();
        Files.writeString(work.resolve("pub.pem"), key.publicKeyPem());
        new ManifestSigner(REGISTRY.store("interop/ours"), key).signManifest(pushed.manifest());

        CurlPublisher curl = new CurlPublisher(REGISTRY, "interop/ours", work);
        curl.fetch("manifests", "stable", MediaTypes.OCI_MANIFEST, work.resolve("manifest.json"));
        JsonNode referrers = json.readTree(curl.fetch(
                        "manifests",
                        "sha256-" + pushed.manifest().digest().hex(),
                        MediaTypes.OCI_INDEX,
                        work.resolve("referrers.json"))
                .toFile());
        JsonNode referrer = json.readTree(curl.fetch(
                        "manifests",
                        referrers.path("manifests").get(0).path("digest").asText(),
                        MediaTypes.OCI_MANIFEST,
                        work.resolve("referrer.json"))
                .toFile());
        assertThat(referrer.path("artifactType").asText()).isEqualTo("application/vnd.kubesolo.os.signature.v1");
        assertThat(referrer.path("subject").path("digest").asText())
                .isEqualTo(pushed.manifest().digest().toString());
        assertThat(referrer.path("annotations")
                        .path("io.kubesolo.os.signature.keyid")
                        .asText())
                .isEqualTo(key.publicKey().keyId());
        JsonNode layer = referrer.path("layers").get(0);
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.kubesolo.os.signature.v1+ed25519");
        curl.fetch("blobs", layer.path("digest").asText(), "*/*", work.resolve("sig.bin"));

        assertThat(Files.size(work.resolve("sig.bin"))).isEqualTo(64);
        assertThat(OpenSsl.verified(work, "pub.pem", "manifest.json", "sig.bin"))
                .contains("Signature Verified Successfully");
        Files.write(
                work.resolve("other.json"),
                Files.readString(work.resolve("manifest.json"))
                        .replace("v0.4.0", "v0.4.1")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(OpenSsl.verify(work, "pub.pem", "other.json", "sig.bin").exitCode())
                .isNotZero();
    }
}
