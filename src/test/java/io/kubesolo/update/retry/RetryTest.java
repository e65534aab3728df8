package io.kubesolo.update.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The retry loop with a clock that the sleeper moves forward: no test sleeps for real. */
class RetryTest {

    private final MovingClock clock = new MovingClock();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private Retry retry(RetryPolicy policy) {
        return new Retry(
                policy,
                duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                },
                clock,
                new Random(42),
                log::add);
    }

    private static RetryPolicy policy(int attempts) {
        return new RetryPolicy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5));
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheCapAndGivesUpAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(policy(7)).run(() -> {
                    calls.incrementAndGet();
                    throw TransientFailure.of("GET http://h/vmlinuz: Connection refused", new ConnectException());
                }))
                .isInstanceOf(TransientFailure.class)
                .hasMessageStartingWith("GET http://h/vmlinuz: Connection refused (gave up after 7 attempts in ");

        assertThat(calls).hasValue(7);
        long[] nominal = {1000, 2000, 4000, 8000, 8000, 8000};
        assertThat(sleeps).hasSize(6);
        for (int i = 0; i < nominal.length; i++) {
            assertThat(sleeps.get(i).toMillis()).as("retry %d", i + 1).isBetween(nominal[i] / 2, nominal[i]);
        }
        assertThat(sleeps)
                .as("jitter")
                .doesNotContainAnyElementsOf(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(log).hasSize(6);
        assertThat(log.get(0)).matches("retry 2/7 in 0\\.\\d s: GET http://h/vmlinuz: Connection refused");
    }

    @Test
    void aPermanentFailurePassesThroughAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(policy(5)).run(() -> {
                    calls.incrementAndGet();
                    throw new UpdateException(Outcome.FAILED, "GET http://h/vmlinuz: HTTP 404 Not Found");
                }))
                .isInstanceOf(UpdateException.class)
                .hasMessage("GET http://h/vmlinuz: HTTP 404 Not Found");

        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void succeedsOnALaterAttempt() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String result = retry(policy(5)).run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw TransientFailure.withRetryAfter("HTTP 503", Optional.empty());
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void honoursRetryAfterInsteadOfTheBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        retry(policy(5)).run(() -> {
            if (calls.incrementAndGet() == 1) {
                throw TransientFailure.withRetryAfter("HTTP 429", Optional.of(Duration.ofSeconds(17)));
            }
            return null;
        });

        assertThat(sleeps).containsExactly(Duration.ofSeconds(17));
    }

    @Test
    void aRetryAfterLongerThanTheTimeLeftFailsAtOnce() {
        assertThatThrownBy(() -> retry(policy(5)).run(() -> {
                    throw TransientFailure.withRetryAfter("HTTP 503", Optional.of(Duration.ofHours(1)));
                }))
                .hasMessage(
                        "HTTP 503 (the server asks to retry in 3600.0 s, more than the 300.0 s of retry time left)");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void stopsWhenTheTimeBoundWouldBePassed() {
        RetryPolicy policy =
                new RetryPolicy(100, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));

        assertThatThrownBy(() -> retry(policy).run(() -> {
                    throw TransientFailure.of("reset", null);
                }))
                .hasMessageContaining("(gave up after ");

        long slept = sleeps.stream().mapToLong(Duration::toMillis).sum();
        assertThat(slept).isLessThanOrEqualTo(30_000);
        assertThat(sleeps.size()).isBetween(3, 6);
    }

    @Test
    void progressStartsTheCountAfresh() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        retry(policy(2)).run(() -> {
            if (calls.incrementAndGet() < 6) {
                throw TransientFailure.afterProgress("broke off later than before", null);
            }
            return null;
        });

        assertThat(calls).hasValue(6);
    }

    @Test
    void withOneAttemptTheFailureIsUnchanged() {
        TransientFailure failure = TransientFailure.of("reset", null);
        assertThatThrownBy(() -> retry(RetryPolicy.once()).run(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    @Test
    void tlsFailuresDoNotPassByThemselves() {
        assertThat(TransientFailure.mayPass(new SSLHandshakeException("PKIX path building failed")))
                .isFalse();
        assertThat(TransientFailure.mayPass(new ConnectException("Connection refused")))
                .isTrue();
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2026-05-01T12:00:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Fri, 01 May 2026 12:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Fri, 01 May 2026 11:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }

    /** A clock that only moves when told. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-05-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
