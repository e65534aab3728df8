package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.Artifact;
import io.kubesolo.update.Release;
import io.kubesolo.update.ReleaseMetadataBuilder;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.retry.RetryPolicy;
import io.kubesolo.update.slot.MountedSlot;
import io.kubesolo.update.slot.SlotFile;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.testing.DirectorySlot;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.Sources;
import io.kubesolo.update.testing.Stagers;
import io.kubesolo.update.verify.Digest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming a blob download against a registry whose bearer token expires while the link is down:
 * what the real registry cannot be made to do on cue (its tokens live for minutes). An in-process
 * registry and token service; the stager and {@link OciSource} are the real ones.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResumeFaultTest {

    @TempDir
    Path slotDirectory;

    @Test
    void aTokenThatExpiredWhileTheDownloadWasBrokenIsReplacedAndTheRangeRequestContinues() throws Exception {
        byte[] blob = new byte[600_000];
        new Random(5).nextBytes(blob);
        Digest digest = Digest.of(blob);
        AtomicInteger issued = new AtomicInteger();
        List<String> requests = new CopyOnWriteArrayList<>();
        try (FaultServer tokens = new FaultServer()
                        .otherwise(exchange -> FaultServer.send(
                                exchange,
                                200,
                                ("{\"token\":\"t" + issued.incrementAndGet() + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)));
                FaultServer registry = new FaultServer().otherwise(exchange -> {
                    String authorization =
                            String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    requests.add(authorization + " " + (range == null ? "-" : range));
                    boolean valid =
                            (authorization.equals("Bearer t" + issued.get()) && !authorization.equals("Bearer t1"))
                                    || (authorization.equals("Bearer t1") && range == null);
                    if (!valid) { // no token, or t1 after the cut: it expired
                        FaultServer.askForToken(
                                exchange, tokens, "service=\"r\",scope=\"repository:kubesolo/os:pull\"");
                    } else if (range == null) { // the link drops halfway
                        exchange.sendResponseHeaders(200, blob.length);
                        OutputStream out = exchange.getResponseBody();
                        out.write(blob, 0, blob.length / 2);
                        out.flush();
                        exchange.close();
                    } else {
                        int from = Integer.parseInt(range.replaceFirst("^bytes=(\\d+)-$", "$1"));
                        exchange.getResponseHeaders()
                                .set("Content-Range", "bytes " + from + "-" + (blob.length - 1) + "/" + blob.length);
                        exchange.sendResponseHeaders(206, blob.length - from);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(blob, from, blob.length - from);
                        }
                    }
                })) {
            List<String> log = new CopyOnWriteArrayList<>();
            Retry retry = new Retry(RetryPolicy.standard(), duration -> {}, Clock.systemUTC(), new Random(1), log::add);
            RegistryClient store = RegistryClient.of(
                    Reference.parse(registry.host() + "/kubesolo/os"),
                    RegistryAccess.of(true, reference -> Optional.empty())
                            .with(new HttpTransport(
                                    RegistryAccess.DEFAULT_CONNECT_TIMEOUT,
                                    RegistryAccess.DEFAULT_READ_TIMEOUT,
                                    "test",
                                    retry,
                                    ProxyRules.none())));
            OciSource source = Sources.oci(store, "stable", "amd64");
            Artifact kernel = new Artifact(
                    SlotFile.KERNEL,
                    store.blobLocation(digest),
                    digest,
                    OptionalLong.of(blob.length),
                    Optional.empty());
            Release release =
                    new Release(ReleaseMetadataBuilder.version("v0.4.0").build(), List.of(kernel));

            Stagers.retrying(source, retry, log::add).stage(release, slot());

            assertThat(slotDirectory.resolve("vmlinuz")).hasBinaryContent(blob);
            assertThat(issued).hasValue(2);
            assertThat(requests).hasSize(4);
            assertThat(requests.subList(0, 3)).containsExactly("null -", "Bearer t1 -", "Bearer t1 bytes=300000-");
            assertThat(requests.get(3)).isEqualTo("Bearer t2 bytes=300000-");
            assertThat(log).singleElement().asString().contains("broke off at byte 300000 of 600000");
        }
    }

    private MountedSlot slot() {
        return new DirectorySlot(SlotName.B, slotDirectory);
    }
}
