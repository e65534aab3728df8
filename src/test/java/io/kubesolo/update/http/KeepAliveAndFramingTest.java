package io.kubesolo.update.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.http.ScriptedServer.After;
import io.kubesolo.update.http.ScriptedServer.Answer;
import io.kubesolo.update.http.wire.BoundReachedException;
import io.kubesolo.update.retry.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport's own HTTP/1.1: how bodies are framed, when a connection is used again, and the
 * bounds on reads, against answers written byte for byte.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveAndFramingTest {

    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(5), "test");

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aKeptAliveConnectionServesTheNextRequest() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Answer.keepOpen(ok("first")), Answer.keepOpen(ok("second")))) {
            assertThat(text(transport.getSmall(server.uri("/a"), "a", 100))).isEqualTo("first");
            assertThat(text(transport.getSmall(server.uri("/b"), "b", 100))).isEqualTo("second");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.requests().get(0))
                    .startsWith("GET /a HTTP/1.1\r\n")
                    .contains("Host: 127.0.0.1:")
                    .contains("User-Agent: test\r\n")
                    .contains("Accept-Encoding: identity\r\n");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        String closing = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
        try (ScriptedServer server = new ScriptedServer(new Answer(closing, After.CLOSE), Answer.keepOpen(ok("ok")))) {
            transport.getSmall(server.uri("/a"), "a", 100);
            transport.getSmall(server.uri("/b"), "b", 100);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
        try (ScriptedServer server =
                new ScriptedServer(new Answer(ok("first"), After.CLOSE), Answer.keepOpen(ok("again")))) {
            transport.getSmall(server.uri("/a"), "a", 100);
            Thread.sleep(100); // the server's close reaches the client's socket
            assertThat(text(transport.getSmall(server.uri("/b"), "b", 100))).isEqualTo("again");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void chunkedBodiesAreDecodedWithExtensionsAndTrailers() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunked = head + "5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: 1\r\n\r\n";
        try (ScriptedServer server = new ScriptedServer(Answer.keepOpen(chunked), Answer.keepOpen(ok("next")))) {
            assertThat(text(transport.getSmall(server.uri("/c"), "c", 100))).isEqualTo("hello world");
            assertThat(text(transport.getSmall(server.uri("/d"), "d", 100))).isEqualTo("next");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void malformedChunksFail() throws Exception {
        String badSize = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
        String overlong = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n";
        String huge = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx";
        try (ScriptedServer server = new ScriptedServer(
                new Answer(badSize, After.CLOSE), new Answer(overlong, After.CLOSE), new Answer(huge, After.CLOSE))) {
            assertThatThrownBy(() -> transport.getSmall(server.uri("/1"), "doc", 100))
                    .hasMessageContaining("malformed chunk size 'zz'");
            assertThatThrownBy(() -> transport.getSmall(server.uri("/2"), "doc", 100))
                    .hasMessageContaining("a chunk of the body is longer than its declared size");
            assertThatThrownBy(() -> transport.getSmall(server.uri("/3"), "doc", 100))
                    .hasMessageContaining("malformed chunk size");
        }
    }

    @Test
    void aBodyWithoutLengthEndsWhenTheServerCloses() throws Exception {
        try (ScriptedServer server = new ScriptedServer(new Answer("HTTP/1.1 200 OK\r\n\r\nall of it", After.CLOSE))) {
            assertThat(text(transport.getSmall(server.uri("/e"), "e", 100))).isEqualTo("all of it");
        }
    }

    @Test
    void aHeadAnswerHasNoBodyAndKeepsTheConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer(
                Answer.keepOpen("HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n"), Answer.keepOpen(ok("x")))) {
            assertThat(transport.head(server.uri("/h"), "h")).hasValue(12345);
            assertThat(text(transport.getSmall(server.uri("/g"), "g", 100))).isEqualTo("x");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void interimAnswersAreSkipped() throws Exception {
        try (ScriptedServer server =
                new ScriptedServer(Answer.keepOpen("HTTP/1.1 100 Continue\r\n\r\n" + ok("final")))) {
            assertThat(text(transport.getSmall(server.uri("/i"), "i", 100))).isEqualTo("final");
        }
    }

    @Test
    void headsThatAreNotHttpOrTooLongOrFramedAmbiguouslyFail() throws Exception {
        String longLine = "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n";
        String twoLengths = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd";
        try (ScriptedServer server = new ScriptedServer(
                new Answer("SSH-2.0-OpenSSH_9.2\r\n\r\n", After.CLOSE),
                new Answer(longLine, After.CLOSE),
                new Answer(twoLengths, After.CLOSE))) {
            assertThatThrownBy(() -> transport.getSmall(server.uri("/1"), "doc", 100))
                    .hasMessageContaining("the server's answer is not HTTP/1.x: 'SSH-2.0-OpenSSH_9.2'");
            assertThatThrownBy(() -> transport.getSmall(server.uri("/2"), "doc", 100))
                    .hasMessageContaining("a header line longer than 16384 bytes");
            assertThatThrownBy(() -> transport.getSmall(server.uri("/3"), "doc", 100))
                    .hasMessageContaining("an invalid Content-Length '4'");
        }
    }

    @Test
    void aHeaderValueWithALineBreakIsNeverSent() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Answer.keepOpen(ok("x")))) {
            Request forged =
                    Request.of("GET", server.uri("/f"), "f").with("Authorization", "Bearer x\r\nX-Injected: 1");
            assertThatThrownBy(() -> transport.exchange(forged))
                    .isInstanceOf(HttpSourceException.class)
                    .hasMessageContaining("a request header holds a line break");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void theRunsDeadlineEndsABodyReadThatIsWaiting() throws Exception {
        // The read timeout alone would wait 20 s; the run's deadline comes after 1 s.
        HttpTransport patient = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(20), "test")
                .until(Deadline.after(Duration.ofSeconds(1), Clock.systemUTC()));
        try (ScriptedServer server = new ScriptedServer(
                new Answer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nfirst bytes", After.STALL))) {
            HttpTransport.Body body = patient.get(server.uri("/blob"), "blob", 0);
            InputStream in = body.stream();
            assertThat(in.readNBytes(11)).hasSize(11);
            long started = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOfSatisfying(BoundReachedException.class, e -> assertThat(e.bound())
                    .isEqualTo(BoundReachedException.Bound.OVERALL));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("a hang bound: the read timeout is 20 s")
                    .isLessThan(Duration.ofSeconds(10));
            body.close();
        }
    }

    @Test
    void aServerThatStopsTakingAPushedBodyFailsTheWriteAfterTheReadTimeout() throws Exception {
        HttpTransport pushing = new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(1), "test");
        long length = 256L << 20; // far more than the socket buffers hold
        RequestBody endless = new RequestBody("application/octet-stream", length, () -> new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int max) {
                return max;
            }
        });
        try (ScriptedServer server = new ScriptedServer(new Answer("", After.STALL))) {
            Request upload =
                    new Request("PUT", server.uri("/blob"), "blob", "push blob", Map.of(), Optional.of(endless));
            assertThatThrownBy(() -> pushing.exchange(upload))
                    .hasMessageContaining("the server took no bytes of the request body for 1000 ms");
        }
    }

    @Test
    void noConnectionIsBegunAfterTheRunsDeadline() throws IOException {
        HttpTransport late = transport.until(Deadline.after(Duration.ofMillis(-1), Clock.systemUTC()));
        try (ScriptedServer server = new ScriptedServer(Answer.keepOpen(ok("x")))) {
            assertThatThrownBy(() -> late.getSmall(server.uri("/late"), "late", 100))
                    .hasMessageContaining("the time allowed for the whole download")
                    .hasMessageContaining("ran out while connecting");
            assertThat(server.connections()).isZero();
        }
    }
}
