package io.kubesolo.update.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.testing.FaultServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpTransportTest {

    private final FaultServer server = newServer();
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(5), Duration.ofMillis(500), "test");

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void followsABoundedNumberOfRedirects() throws Exception {
        for (int hop = 0; hop < HttpTransport.MAX_REDIRECTS; hop++) {
            server.on("/hop" + hop, FaultServer.redirect("/hop" + (hop + 1)));
        }
        server.serve("/hop" + HttpTransport.MAX_REDIRECTS, new byte[] {42});
        assertThat(transport.getSmall(uri("/hop0"), "doc", 10)).containsExactly(42);

        server.on("/hop" + HttpTransport.MAX_REDIRECTS, FaultServer.redirect("/hop-final"));
        assertThatThrownBy(() -> transport.getSmall(uri("/hop0"), "doc", 10))
                .isInstanceOf(HttpSourceException.class)
                .hasMessageStartingWith("GET " + uri("/hop0") + " (doc): more than " + HttpTransport.MAX_REDIRECTS
                        + " redirects " + uri("/hop0") + " -> ");
    }

    @Test
    void refusesUrlsAndRedirectTargetsOfOtherSchemes() {
        server.on("/ftp", FaultServer.redirect("ftp://127.0.0.1/x"));
        assertThatThrownBy(() -> transport.getSmall(uri("/ftp"), "doc", 10))
                .hasMessage("doc redirect target ftp://127.0.0.1/x is not an http:// or https:// URL");
        assertThatThrownBy(() -> transport.getSmall(URI.create("file:///etc/passwd"), "doc", 10))
                .hasMessage("doc file:///etc/passwd is not an http:// or https:// URL");
    }

    @Test
    void aServerThatStopsSendingFailsTheReadAfterTheIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[10]);
            out.flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (HttpTransport.Body body = transport.get(uri("/stall"), "blob", 0)) {
            InputStream in = body.stream();
            assertThat(in.readNBytes(10)).hasSize(10);
            long start = System.nanoTime();
            assertThatThrownBy(in::read).hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBodyCutShortFailsInsteadOfEndingQuietly() {
        server.on("/cut", FaultServer.truncated(new byte[5000], 100));
        assertThatThrownBy(() -> transport.getSmall(uri("/cut"), "doc", 10_000))
                .isInstanceOf(HttpSourceException.class)
                .hasMessageStartingWith("GET " + uri("/cut") + " (doc): ");
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private static FaultServer newServer() {
        try {
            return new FaultServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
