package io.kubesolo.update.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @Test
    void theLeadingVIsOptional() {
        assertThat(Version.parse("v0.3.0", "x")).isEqualTo(Version.parse("0.3.0", "x"));
        assertThat(Version.parse(" V1.2.3\n", "x").toString()).isEqualTo("V1.2.3");
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(Version.parse("v0.10.0", "x")).isGreaterThan(Version.parse("v0.9.9", "x"));
        assertThat(Version.parse("v2.0.0", "x")).isGreaterThan(Version.parse("v1.99.99", "x"));
        assertThat(Version.parse("v0.3.1", "x").isOlderThan(Version.parse("v0.3.10", "x")))
                .isTrue();
    }

    @Test
    void preReleasesOrderBeforeTheReleaseAsInSemver() {
        List<String> ordered = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
        List<Version> shuffled = new ArrayList<>();
        ordered.forEach(text -> shuffled.add(Version.parse(text, "x")));
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(ordered);
    }

    @Test
    void buildMetadataIsIgnored() {
        assertThat(Version.parse("v1.2.3+build.7", "x")).isEqualTo(Version.parse("1.2.3", "x"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "latest", "1.2", "v1.2.3.4", "1.2.x", "v-1.2.3", "1.2.3-", "1.2.3 beta", "1234567890.0.0"})
    void junkIsNotAVersion(String junk) {
        assertThatThrownBy(() -> Version.parse(junk, "latest.json version"))
                .isInstanceOf(PolicyException.class)
                .hasMessage(
                        "latest.json version '" + junk + "' is not a version (expected major.minor.patch, e.g. v0.3.0)")
                .satisfies(e -> assertThat(((PolicyException) e).outcome()).isEqualTo(Outcome.FAILED));
    }
}
