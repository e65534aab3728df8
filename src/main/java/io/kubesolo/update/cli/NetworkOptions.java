package io.kubesolo.update.cli;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Durations;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Flags of {@code check} and {@code apply} that bound their network work: timeouts and retries,
 * each with an update.conf key behind it (docs/reliability.md).
 */
final class NetworkOptions {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** 500 MB at 0.5 Mbit/s takes a little over two hours; beyond four something else is wrong. */
    static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofHours(4);

    private static final DurationConverter DURATION = new DurationConverter();

    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration downloadTimeout;
    private Integer retries;
    private Duration retryDelay;
    private Duration retryMaxTime;
    private Duration splay;
    private String caBundle;

    /** Adds the flags to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        command.addOption(duration(() -> connectTimeout, value -> connectTimeout = value, "--connect-timeout")
                .description("Bound on opening a connection (update.conf: connect_timeout; default 30s).")
                .build());
        command.addOption(duration(() -> readTimeout, value -> readTimeout = value, "--read-timeout")
                .description("Bound on waiting for the next bytes of an answer: a stalled server fails the read"
                        + " (update.conf: read_timeout; default 60s).")
                .build());
        command.addOption(duration(() -> downloadTimeout, value -> downloadTimeout = value, "--download-timeout")
                .description("Bound on staging a release, retries included; the partial download is kept"
                        + " (update.conf: download_timeout; default 4h).")
                .build());
        command.addOption(CodedModel.option(Integer.class, () -> retries, value -> retries = value, "--retries")
                .paramLabel("N")
                .description("Retries of a transient failure (connection refused or reset, timeout, 5xx, 429);"
                        + " 0 = none (update.conf: retries; default 4).")
                .build());
        command.addOption(duration(() -> retryDelay, value -> retryDelay = value, "--retry-delay")
                .description("Wait before the first retry, doubling up to 30s, with jitter (update.conf: retry_delay;"
                        + " default 1s).")
                .build());
        command.addOption(duration(() -> retryMaxTime, value -> retryMaxTime = value, "--retry-max-time")
                .description("Bound on the time spent retrying one failure (update.conf: retry_max_time; default 5m).")
                .build());
        command.addOption(duration(() -> splay, value -> splay = value, "--splay")
                .description("Wait a random time up to DURATION before contacting the update source, so a fleet"
                        + " started together spreads out; skipped with --force (update.conf: splay; default 0, no"
                        + " wait).")
                .build());
        command.addOption(CodedModel.option(String.class, () -> caBundle, value -> caBundle = value, "--ca-bundle")
                .paramLabel("PATH")
                .description("PEM file of more certificate authorities to trust for HTTPS, besides the OS's and the"
                        + " JDK's (update.conf: ca_bundle; resolved under --root).")
                .build());
    }

    /**
     * An option taking a {@code DURATION} (30s, 5m, 2h), read by {@link Durations} as update.conf's
     * are; {@code apply --wait-for-window} is one too.
     */
    static OptionSpec.Builder duration(Supplier<Duration> get, Consumer<Duration> set, String name) {
        return CodedModel.option(Duration.class, get, set, name)
                .paramLabel("DURATION")
                .converters(DURATION);
    }

    /** The settings: flag, else update.conf, else default. */
    Network resolve(UpdateConf conf) {
        int retryCount = Setting.of(retries, conf, ConfKey.RETRIES, Integer::valueOf, RetryPolicy.DEFAULT_ATTEMPTS - 1);
        if (retryCount < 0) {
            throw new UpdateException(Outcome.USAGE, "retries must not be negative, not " + retryCount);
        }
        RetryPolicy policy = new RetryPolicy(
                retryCount + 1,
                Setting.of(retryDelay, conf, ConfKey.RETRY_DELAY, Durations::parse, RetryPolicy.DEFAULT_INITIAL_DELAY),
                RetryPolicy.DEFAULT_MAX_DELAY,
                Setting.of(retryMaxTime, conf, ConfKey.RETRY_MAX_TIME, Durations::parse, RetryPolicy.DEFAULT_MAX_TIME));
        return new Network(
                bound(connectTimeout, conf, ConfKey.CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                bound(readTimeout, conf, ConfKey.READ_TIMEOUT, DEFAULT_READ_TIMEOUT),
                bound(downloadTimeout, conf, ConfKey.DOWNLOAD_TIMEOUT, DEFAULT_DOWNLOAD_TIMEOUT),
                policy,
                Setting.of(splay, conf, ConfKey.SPLAY, Durations::parse, Duration.ZERO),
                Setting.of(caBundle, conf, ConfKey.CA_BUNDLE));
    }

    /** A timeout: zero would mean "wait for ever" to a socket, the hang these bounds are there against. */
    private static Duration bound(Duration flag, UpdateConf conf, ConfKey key, Duration fallback) {
        Duration value = Setting.of(flag, conf, key, Durations::parse, fallback);
        if (value.isZero()) {
            throw new UpdateException(
                    Outcome.USAGE,
                    "--" + key.key().replace('_', '-') + " (update.conf: " + key.key() + ") must be more than 0");
        }
        return value;
    }

    /** What the flags and update.conf say. */
    record Network(
            Duration connectTimeout,
            Duration readTimeout,
            Duration downloadTimeout,
            RetryPolicy retryPolicy,
            Duration splay,
            Optional<String> caBundle) {}

    private static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
