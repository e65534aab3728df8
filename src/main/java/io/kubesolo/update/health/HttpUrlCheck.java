package io.kubesolo.update.health;

import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's own health endpoint, {@code healthcheck_url} in update.conf, answers
 * {@code GET} with status 200. Any other status, a redirect included, fails.
 */
public final class HttpUrlCheck extends ProbingCheck {

    public static final String NAME = "healthcheck_url";

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;

    public HttpUrlCheck(HttpClient http, URI url, Duration timeout) {
        super(NAME);
        this.http = http;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    Verdict probe() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return Verdict.failed("GET " + url + " failed: " + CheckResult.describe(e));
        }
        if (response.statusCode() == 200) {
            return Verdict.passed("GET " + url + " answered 200");
        }
        return Verdict.failed("GET " + url + " answered " + response.statusCode() + ", expected 200");
    }
}
