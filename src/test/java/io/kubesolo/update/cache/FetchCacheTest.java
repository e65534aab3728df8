package io.kubesolo.update.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.verify.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch cache's file: round trip, only what a run used, damage and corruption ignored. */
class FetchCacheTest {

    @TempDir
    Path directory;

    private final List<String> warnings = new ArrayList<>();

    private Path file() {
        return directory.resolve(FetchCache.FILE_NAME);
    }

    private static CachedDocument document(String text) {
        return new CachedDocument(
                Optional.of("\"etag-" + text + "\""),
                Optional.of("Wed, 01 Jan 2026 00:00:00 GMT"),
                "application/json",
                text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsWhatTheRunUsedAndNothingElse() {
        FetchCache first = FetchCache.load(file(), warnings::add);
        first.put("GET a", document("a"));
        first.put("GET b", document("b"));
        first.save();

        FetchCache second = FetchCache.load(file(), warnings::add);
        assertThat(second.get("GET a")).get().satisfies(doc -> {
            assertThat(doc.bytes()).asString().isEqualTo("a");
            assertThat(doc.etag()).contains("\"etag-a\"");
            assertThat(doc.lastModified()).contains("Wed, 01 Jan 2026 00:00:00 GMT");
            assertThat(doc.mediaType()).isEqualTo("application/json");
        });
        second.put("GET c", document("c"));
        second.save();

        FetchCache third = FetchCache.load(file(), warnings::add);
        assertThat(third.get("GET b")).isEmpty();
        assertThat(third.get("GET a")).isPresent();
        assertThat(third.get("GET c")).isPresent();
        assertThat(warnings).isEmpty();
    }

    @Test
    void theFileHasItsDocumentedNamesAndAFileOfAnEarlierAgentReads() throws Exception {
        FetchCache cache = FetchCache.load(file(), warnings::add);
        cache.put(
                "GET a",
                new CachedDocument(
                        Optional.empty(), Optional.of("Wed, 01 Jan 2026 00:00:00 GMT"), "text/plain", new byte[] {'a'
                        }));
        cache.save();
        assertThat(Files.readString(file()))
                .isEqualTo("{\"entries\":{\"GET a\":{\"last_modified\":\"Wed, 01 Jan 2026 00:00:00 GMT\","
                        + "\"media_type\":\"text/plain\",\"sha256\":\""
                        + Digest.of(new byte[] {'a'}).hex()
                        + "\",\"body\":\"YQ==\"}}}");

        // As the agent wrote it before the names were set on the mapper (annotations on the records).
        Files.writeString(
                file(),
                "{\"entries\":{\"GET b\":{\"etag\":\"\\\"x\\\"\",\"last_modified\":\"yesterday\","
                        + "\"media_type\":\"text/plain\",\"sha256\":\""
                        + Digest.of(new byte[] {'b'}).hex()
                        + "\",\"body\":\"Yg==\"}}}");
        assertThat(FetchCache.load(file(), warnings::add).get("GET b")).get().satisfies(doc -> {
            assertThat(doc.etag()).contains("\"x\"");
            assertThat(doc.lastModified()).contains("yesterday");
            assertThat(doc.mediaType()).isEqualTo("text/plain");
            assertThat(doc.bytes()).asString().isEqualTo("b");
        });
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRunThatOnlyReadsLeavesTheFileAlone() throws Exception {
        FetchCache first = FetchCache.load(file(), warnings::add);
        first.put("GET a", document("a"));
        first.save();
        long modified = Files.getLastModifiedTime(file()).toMillis();
        Files.setLastModifiedTime(file(), java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));

        FetchCache second = FetchCache.load(file(), warnings::add);
        second.get("GET a");
        second.save();

        assertThat(Files.getLastModifiedTime(file()).toMillis()).isEqualTo(modified - 60_000);
    }

    @Test
    void removedEntriesAreNeitherServedNorSaved() {
        FetchCache first = FetchCache.load(file(), warnings::add);
        first.put("GET a", document("a"));
        first.save();
        FetchCache second = FetchCache.load(file(), warnings::add);
        second.remove("GET a");
        assertThat(second.get("GET a")).isEmpty();
        second.save();
        assertThat(FetchCache.load(file(), warnings::add).get("GET a")).isEmpty();
    }

    @Test
    void aCorruptFileIsAnEmptyCacheWithAWarning() throws Exception {
        Files.writeString(file(), "{\"entries\": {\"GET a\": ");
        assertThat(FetchCache.load(file(), warnings::add).get("GET a")).isEmpty();
        assertThat(warnings).singleElement().asString().contains("is not valid").contains("ignoring it");
    }

    @Test
    void anEntryWhoseBytesNoLongerMatchTheirDigestIsDropped() throws Exception {
        FetchCache first = FetchCache.load(file(), warnings::add);
        first.put("GET a", document("aaaa"));
        first.put("GET b", document("b"));
        first.save();
        String base64 = java.util.Base64.getEncoder().encodeToString("aaaa".getBytes(StandardCharsets.UTF_8));
        String text = Files.readString(file());
        assertThat(text).contains(base64);
        Files.writeString(
                file(),
                text.replace(
                        base64, java.util.Base64.getEncoder().encodeToString("aaab".getBytes(StandardCharsets.UTF_8))));

        FetchCache second = FetchCache.load(file(), warnings::add);
        assertThat(second.get("GET a")).isEmpty();
        assertThat(second.get("GET b")).isPresent();
        assertThat(warnings).singleElement().asString().contains("the entry for GET a is damaged");
    }

    @Test
    void anUnwritableCacheIsAWarningNotAFailure() throws Exception {
        Path blocked = directory.resolve("not-a-directory");
        Files.writeString(blocked, "x");
        FetchCache cache = FetchCache.load(blocked.resolve(FetchCache.FILE_NAME), warnings::add);
        cache.put("GET a", document("a"));
        cache.save();
        assertThat(warnings)
                .last()
                .asString()
                .startsWith("cannot write ")
                .endsWith("the next check fetches everything again");
    }

    @Test
    void aDisabledCacheKeepsNothing() {
        FetchCache cache = FetchCache.disabled();
        cache.put("GET a", document("a"));
        cache.save();
        assertThat(FetchCache.disabled().get("GET a")).isEmpty();
    }
}
