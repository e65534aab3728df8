package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.health.CheckResult.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpUrlCheckTest {

    private final FakeApiServer server = FakeApiServer.http();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void passesOn200() {
        server.answer("/healthz", 200, "ok");
        URI url = server.url().resolve("/healthz");

        CheckResult result = new HttpUrlCheck(http, url, Duration.ofSeconds(5)).run();

        assertThat(result.status()).isEqualTo(Status.PASSED);
        assertThat(result.detail()).isEqualTo("GET " + url + " answered 200");
    }

    @Test
    void failsOnAnyOtherStatusARedirectIncluded() {
        server.answer("/healthz", 503, "starting");
        server.answer("/moved", 302, "");

        assertThat(new HttpUrlCheck(http, server.url().resolve("/healthz"), Duration.ofSeconds(5))
                        .run()
                        .detail())
                .endsWith("answered 503, expected 200");
        assertThat(new HttpUrlCheck(http, server.url().resolve("/moved"), Duration.ofSeconds(5))
                        .run()
                        .status())
                .isEqualTo(Status.FAILED);
    }
}
