package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.verify.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Registry behaviour a real distribution server on loopback cannot be made to show: a blob
 * redirect to storage on another host, a registry that never accepts a token, a manifest larger
 * than any registry would store. Small in-process servers, for these faults only.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryFaultTest {

    private final List<FaultServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(FaultServer::close);
    }

    /** A server on its own port (its own host) answering every path with {@code response}. */
    private FaultServer serve(FaultServer.Response response) throws IOException {
        FaultServer server = new FaultServer().otherwise(response);
        servers.add(server);
        return server;
    }

    private static RegistryClient client(FaultServer registry, Optional<Credentials> credentials) {
        return RegistryClient.of(
                Reference.parse(registry.host() + "/kubesolo/os"), RegistryAccess.of(true, reference -> credentials));
    }

    @Test
    void authorizationIsNotSentAlongARedirectToAnotherHost() throws Exception {
        byte[] blob = "kernel bytes in object storage".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(blob);
        List<String> storageAuthorization = new CopyOnWriteArrayList<>();
        FaultServer storage = serve(exchange -> {
            storageAuthorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            FaultServer.send(exchange, 200, blob);
        });
        FaultServer registry = registryRedirectingBlobsTo(storage, digest, exchange -> {});

        try (InputStream in = VerifyingInputStream.whole(
                client(registry, Optional.of(new Credentials("fleet", "pw"))).openBlob(digest, 0),
                Descriptor.of(MediaTypes.KERNEL, digest, blob.length),
                "kernel")) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
        assertThat(storageAuthorization).containsExactly("null");
    }

    @Test
    void aChallengeFromTheStorageHostARedirectLedToIsNotAnswered() throws Exception {
        Digest digest = Digest.of(new byte[] {1});
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        FaultServer collector = serve(exchange -> {
            tokenRequests.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            FaultServer.send(exchange, 200, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));
        });
        FaultServer storage = serve(exchange -> {
            FaultServer.askForToken(exchange, collector, "service=\"storage\"");
        });
        List<String> sentHeaders = new CopyOnWriteArrayList<>();
        FaultServer registry = registryRedirectingBlobsTo(
                storage,
                digest,
                exchange -> sentHeaders.add(exchange.getRequestHeaders().getFirst("User-Agent") + " "
                        + exchange.getRequestHeaders().getFirst("Accept-Encoding")));

        assertThatThrownBy(() -> client(registry, Optional.of(new Credentials("fleet", "device-pw")))
                        .openBlob(digest, 0))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.AUTH_REFUSED))
                .hasMessage("download blob " + digest + " from " + registry.host()
                        + "/kubesolo/os: http://"
                        + storage.host() + ", where the registry redirected to, asks for credentials;"
                        + " they are only sent to the registry itself");
        assertThat(tokenRequests)
                .as("nothing reaches the realm the storage host named")
                .isEmpty();
        assertThat(sentHeaders)
                .as("registry requests carry the transport's User-Agent and ask for no compression")
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(line).startsWith("kubesolo-update").endsWith(" identity"));
    }

    @Test
    void aRegistryThatRefusesEveryTokenIsAskedABoundedNumberOfTimes() throws Exception {
        AtomicInteger tokenRequests = new AtomicInteger();
        FaultServer tokens = serve(exchange -> {
            tokenRequests.incrementAndGet();
            FaultServer.send(exchange, 200, "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));
        });
        AtomicInteger registryRequests = new AtomicInteger();
        FaultServer registry = serve(exchange -> {
            registryRequests.incrementAndGet();
            FaultServer.askForToken(exchange, tokens, "service=\"r\",scope=\"repository:kubesolo/os:pull\"");
        });

        assertThatThrownBy(() -> client(registry, Optional.empty()).fetchManifest("stable"))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.AUTH_REFUSED))
                .hasMessage("fetch manifest stable from " + registry.host()
                        + "/kubesolo/os: the registry keeps answering 401 Unauthorized");
        assertThat(registryRequests).hasValue(3);
        assertThat(tokenRequests).hasValue(2);
    }

    @Test
    void aManifestOverFourMebibytesIsNotRead() throws Exception {
        FaultServer registry = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                for (int i = 0; i < 80; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // The client stops reading once it has seen too much; that is the point.
            }
        });

        assertThatThrownBy(() -> client(registry, Optional.empty()).fetchManifest("stable"))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.MALFORMED))
                .hasMessage("manifest stable from " + registry.host()
                        + "/kubesolo/os is larger than 4 MiB; refusing to read it");
    }

    @Test
    void aManifestWhoseBytesDoNotMatchTheDigestTheRegistryClaimsIsRefused() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        Digest claimed = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
        FaultServer registry = serve(exchange -> {
            exchange.getResponseHeaders().set("Docker-Content-Digest", claimed.toString());
            FaultServer.send(exchange, 200, manifest);
        });

        assertThatThrownBy(() -> client(registry, Optional.empty()).fetchManifest(claimed.toString()))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.TAMPERED))
                .hasMessage("manifest " + claimed + " from " + registry.host()
                        + "/kubesolo/os has digest " + Digest.of(manifest) + " but should have " + claimed
                        + "; the content was altered, refusing it");
    }

    @Test
    void aRangeOfABlobFollowsTheRedirectToStorageWithItsRangeAndWithoutCredentials() throws Exception {
        byte[] blob = "0123456789 an initramfs in object storage, fetched in pieces".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(blob);
        List<String> storageRequests = new CopyOnWriteArrayList<>();
        FaultServer storage = serve(exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            storageRequests.add(range + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            String[] bounds = range.substring("bytes=".length()).split("-", -1);
            int first = Integer.parseInt(bounds[0]);
            int last = Integer.parseInt(bounds[1]);
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + blob.length);
            FaultServer.send(exchange, 206, Arrays.copyOfRange(blob, first, last + 1));
        });
        FaultServer registry = registryRedirectingBlobsTo(storage, digest, exchange -> {});

        try (InputStream in = client(registry, Optional.of(new Credentials("fleet", "pw")))
                .openBlobRange(digest, 11, 13)
                .orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("an initramfs ");
        }
        assertThat(storageRequests).containsExactly("bytes=11-23 null");
    }

    @Test
    void aStorageHostThatIgnoresTheRangeYieldsNoRange() throws Exception {
        byte[] blob = "a storage host without range support".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.of(blob);
        FaultServer storage = serve(exchange -> FaultServer.send(exchange, 200, blob));
        FaultServer registry = registryRedirectingBlobsTo(storage, digest, exchange -> {});

        assertThat(client(registry, Optional.of(new Credentials("fleet", "pw"))).openBlobRange(digest, 2, 7))
                .isEmpty();
    }

    /**
     * A registry that asks for Basic credentials and, once it has them, redirects every request to
     * {@code storage}'s {@code /bucket/<hex>}, as registries send blobs to object storage.
     */
    private FaultServer registryRedirectingBlobsTo(FaultServer storage, Digest digest, Consumer<HttpExchange> seen)
            throws IOException {
        return serve(exchange -> {
            seen.accept(exchange);
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
                FaultServer.send(exchange, 401, new byte[0]);
                return;
            }
            exchange.getResponseHeaders().set("Location", "http://" + storage.host() + "/bucket/" + digest.hex());
            FaultServer.send(exchange, 307, new byte[0]);
        });
    }
}
