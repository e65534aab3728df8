package io.kubesolo.update.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.Release;
import io.kubesolo.update.cache.FetchCache;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.Signatures;
import io.kubesolo.update.verify.SigningKey;
import io.kubesolo.update.verify.TrustedKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the HTTP source makes of latest.json: sizes, URLs, dates, signature locations. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultServer server = newServer();
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test");
    private final byte[] kernel = "kernel".getBytes(StandardCharsets.UTF_8);
    private final byte[] initramfs = "initramfs".getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void learnsSizesFromHeadWhenLatestJsonOmitsThem() throws Exception {
        serve(latest());

        Release release = source(TrustedKeys.none()).fetchRelease();

        assertThat(release.artifacts())
                .extracting(artifact -> artifact.size().getAsLong())
                .containsExactly((long) kernel.length, (long) initramfs.length);
        assertThat(release.artifacts().get(0).location()).isEqualTo(URI.create(server.url() + "/os/vmlinuz"));
        assertThat(release.metadata().releaseDate()).contains(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(server.gets("/os/vmlinuz")).isZero();
    }

    @Test
    void aServerWithoutHeadLeavesTheSizeUnknown() throws Exception {
        serve(latest());
        server.on("/os/vmlinuz", exchange -> {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                FaultServer.status(405).send(exchange);
            } else {
                FaultServer.ok(kernel).send(exchange);
            }
        });

        Release release = source(TrustedKeys.none()).fetchRelease();

        assertThat(release.artifacts().get(0).size()).isEmpty();
        assertThat(release.artifacts().get(1).size()).hasValue(initramfs.length);
    }

    @Test
    void aReleaseDateThatIsNotRfc3339IsAWarningNeverARefusal() throws Exception {
        Map<String, Object> latest = latest();
        latest.put("release_date", "2026-02-20");
        serve(latest);
        List<String> warnings = new ArrayList<>();
        HttpSource source = new HttpSource(
                URI.create(server.url()), transport, TrustedKeys.none(), FetchCache.disabled(), warnings::add);

        assertThat(source.fetchRelease().metadata().releaseDate()).contains(Instant.parse("2026-02-20T00:00:00Z"));
        assertThat(warnings).isEmpty();

        latest.put("release_date", "last Friday");
        serve(latest);
        assertThat(source.fetchRelease().metadata().releaseDate()).isEmpty();
        assertThat(warnings)
                .containsExactly("latest.json from " + server.url() + "/latest.json: release_date"
                        + " 'last Friday' is not an RFC 3339 date; ignoring it");
    }

    @Test
    void readsTheMetadataSignatureFromMetadataSigUrlAndAcceptsHexSignatures() throws Exception {
        SigningKey key = SigningKey.generate();
        Map<String, Object> latest = latest();
        latest.put("metadata_sig_url", "/signatures/latest.sig");
        latest.put("vmlinuz_sig_url", "os/vmlinuz.sig");
        latest.put("initramfs_sig_url", server.url() + "/os/kubesolo-os.gz.sig");
        byte[] document = serve(latest);
        server.serve(
                        "/signatures/latest.sig",
                        Signatures.toHex(key.sign(document)).getBytes(StandardCharsets.US_ASCII))
                .serve("/os/vmlinuz.sig", key.sign(kernel))
                .serve("/os/kubesolo-os.gz.sig", key.sign(initramfs));

        Release release = source(TrustedKeys.of(List.of(key.publicKey()))).fetchRelease();

        assertThat(release.artifacts().get(0).signature())
                .hasValueSatisfying(signature -> assertThat(signature).isEqualTo(key.sign(kernel)));
        assertThat(server.gets("/latest.json.sig")).isZero();
    }

    @Test
    void ignoresSignatureUrlsWithoutTrustedKeys() throws Exception {
        Map<String, Object> latest = latest();
        latest.put("vmlinuz_sig_url", "os/vmlinuz.sig");
        serve(latest);

        assertThat(source(TrustedKeys.none()).fetchRelease().artifacts().get(0).signature())
                .isEmpty();
        assertThat(server.gets("/os/vmlinuz.sig")).isZero();
    }

    private HttpSource source(TrustedKeys keys) {
        return Sources.http(URI.create(server.url()), transport, keys);
    }

    private Map<String, Object> latest() {
        Map<String, Object> latest = new LinkedHashMap<>();
        latest.put("version", "v0.4.0");
        latest.put("vmlinuz_url", "os/vmlinuz");
        latest.put("vmlinuz_sha256", Digest.of(kernel).hex().toUpperCase(java.util.Locale.ROOT));
        latest.put("initramfs_url", "/os/kubesolo-os.gz");
        latest.put("initramfs_sha256", Digest.of(initramfs).hex());
        latest.put("release_date", "2026-05-01T12:00:00+02:00");
        server.serve("/os/vmlinuz", kernel).serve("/os/kubesolo-os.gz", initramfs);
        return latest;
    }

    private byte[] serve(Map<String, Object> latest) throws Exception {
        byte[] document = JSON.writeValueAsBytes(latest);
        server.serve("/latest.json", document);
        return document;
    }

    private static FaultServer newServer() {
        try {
            return new FaultServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
