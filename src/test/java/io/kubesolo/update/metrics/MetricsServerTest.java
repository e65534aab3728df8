package io.kubesolo.update.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MetricsServerTest {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger scrapes = new AtomicInteger();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean broken;
    private MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> {
                    if (broken) {
                        throw new MetricsException(
                                Outcome.FAILED, "configuration /etc/kubesolo/update.conf line 3 is not key=value");
                    }
                    return "# TYPE kubesolo_update_scrapes gauge\nkubesolo_update_scrapes " + scrapes.incrementAndGet()
                            + "\n";
                },
                errors::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachScrapeIsComputedAfresh() throws Exception {
        HttpResponse<String> first = send("GET", "/metrics");
        HttpResponse<String> second = send("GET", "/metrics");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(first.body()).endsWith("kubesolo_update_scrapes 1\n");
        assertThat(second.body()).endsWith("kubesolo_update_scrapes 2\n");
    }

    @Test
    void aClientDrippingItsRequestDoesNotHoldUpScrapes() throws Exception {
        try (java.net.Socket dripping = new java.net.Socket(
                InetAddress.getLoopbackAddress(), server.address().getPort())) {
            dripping.getOutputStream()
                    .write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            dripping.getOutputStream().flush();
            // Served on the server's one thread, this scrape waited for the dripping headers for ever.
            HttpResponse<String> scrape = send("GET", "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).endsWith("kubesolo_update_scrapes 1\n");
        }
    }

    @Test
    void listensOnTheLoopbackAddressItWasGiven() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.address().getPort()).isPositive();
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<String> head = send("HEAD", "/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<String> root = send("GET", "/");
        assertThat(root.statusCode()).isEqualTo(404);
        assertThat(root.body()).contains("/metrics");
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(scrapes).hasValue(0);
    }

    @Test
    void aScrapeThatCannotReadTheDeviceIs500WithTheReasonAndTheServerCarriesOn() throws Exception {
        broken = true;
        HttpResponse<String> failed = send("GET", "/metrics");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body())
                .isEqualTo("scrape failed: configuration /etc/kubesolo/update.conf line 3 is not key=value\n");
        assertThat(errors)
                .containsExactly("scrape failed: configuration /etc/kubesolo/update.conf line 3 is not key=value");
        broken = false;
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aPortInUseIsAFailureNamingTheAddress() {
        InetSocketAddress taken = server.address();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsServer.start(taken, () -> "", errors::add))
                .isInstanceOf(MetricsException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getPort() + ": ");
    }
}
