package io.kubesolo.update.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.UpdateSource;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The splay's wait: random below the maximum, announced in one line, once per run, before the first fetch. */
class SplayTest {

    private final List<Duration> slept = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @Test
    void waitsARandomTimeBelowTheMaximumOnceBeforeTheFirstFetch() {
        List<String> events = new ArrayList<>();
        UpdateSource source = new UpdateSource() {
            @Override
            public String describe() {
                return "test";
            }

            @Override
            public Release fetchRelease() {
                events.add("fetch");
                return new Release(ReleaseMetadataBuilder.version("v0.4.0").build(), List.of());
            }

            @Override
            public InputStream open(Artifact artifact, long offset) {
                throw new UnsupportedOperationException();
            }
        };
        Splay splay = new Splay(
                Duration.ofMinutes(30),
                new Random(7),
                duration -> {
                    events.add("sleep");
                    slept.add(duration);
                },
                log::add);
        SplayedSource splayed = new SplayedSource(source, splay);

        splayed.fetchRelease();
        splayed.fetchRelease();

        assertThat(events).containsExactly("sleep", "fetch", "fetch");
        assertThat(slept.get(0)).isPositive().isLessThan(Duration.ofMinutes(30));
        assertThat(log)
                .singleElement()
                .asString()
                .startsWith("waiting " + Splay.format(slept.get(0)) + " (random splay of up to 30m0s)")
                .endsWith("--splay 0 or --force skips it");
    }

    @Test
    void waitsSpreadOverTheWholeRange() {
        Random random = new Random(42);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            new Splay(Duration.ofSeconds(100), random, waits::add, line -> {}).await();
        }
        assertThat(waits).allSatisfy(wait -> assertThat(wait).isLessThan(Duration.ofSeconds(100)));
        assertThat(waits.stream().filter(wait -> wait.toSeconds() < 10)).hasSizeBetween(50, 150);
        assertThat(waits.stream().filter(wait -> wait.toSeconds() >= 90)).hasSizeBetween(50, 150);
    }

    @Test
    void zeroWaitsNotAtAllAndSaysNothing() {
        new Splay(Duration.ZERO, new Random(), slept::add, log::add).await();
        Splay.none().await();
        assertThat(slept).isEmpty();
        assertThat(log).isEmpty();
    }

    @Test
    void formatsLikeTheFlags() {
        assertThat(Splay.format(Duration.ofSeconds(751))).isEqualTo("12m31s");
        assertThat(Splay.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Splay.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(Splay.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
