package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.verify.Digest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validated values: references, digests, platforms, challenges, credentials. */
class ValuesTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void parsesReferences() {
        assertThat(Reference.parse("registry.example.com/kubesolo/os"))
                .isEqualTo(new Reference("registry.example.com", "kubesolo/os", Optional.empty(), Optional.empty()));
        assertThat(Reference.parse("127.0.0.1:5000/kubesolo/os:v0.3.0-amd64").tag())
                .contains("v0.3.0-amd64");
        assertThat(Reference.parse("localhost:5000/os@sha256:" + HEX).digest()).contains(Digest.parse("sha256:" + HEX));
        assertThat(Reference.parse("[::1]:5000/a/b-c/d__e").registry()).isEqualTo("[::1]:5000");
        assertThat(Reference.parse("r.io/a/b:t").toString()).isEqualTo("r.io/a/b:t");
    }

    @Test
    void refusesBadReferencesWithTheReason() {
        assertThatThrownBy(() -> Reference.parse("kubesolo"))
                .isInstanceOfSatisfying(
                        OciException.class, e -> assertThat(e.reason()).isEqualTo(OciException.Reason.BAD_REFERENCE))
                .hasMessage(
                        "'kubesolo' is not a registry reference: expected host[:port]/path, e.g. registry.example.com/kubesolo/os");
        assertThatThrownBy(() -> Reference.parse("r.io/KubeSolo/os"))
                .hasMessage("'r.io/KubeSolo/os' is not a registry reference: repository path 'KubeSolo/os'"
                        + " must be lowercase letters, digits and single . _ - between /-separated parts");
        assertThatThrownBy(() -> Reference.parse("r.io/os:bad tag"))
                .hasMessageContaining("'bad tag' is not a valid tag");
        assertThatThrownBy(() -> Reference.parse("r.io/os:t@sha256:" + HEX)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Reference.parse("r.io/os@sha256:12")).hasMessageContaining("is not a SHA-256 digest");
        assertThatThrownBy(() -> Reference.parse("bad_host/os"))
                .hasMessageContaining("'bad_host' is not a host[:port]");
        assertThatThrownBy(() -> Reference.parse("r.io//os")).hasMessageContaining("repository path '/os'");
    }

    @Test
    void arm64WithVariantV8RunsOnArm64() {
        assertThat(new Platform("linux", "arm64", Optional.of("v8")).runsOn("arm64"))
                .isTrue();
        assertThat(new Platform("linux", "arm64", Optional.empty()).runsOn("arm64"))
                .isTrue();
        assertThat(new Platform("linux", "arm64", Optional.of("v9")).runsOn("arm64"))
                .isFalse();
        assertThat(new Platform("linux", "amd64", Optional.empty()).runsOn("arm64"))
                .isFalse();
        assertThat(new Platform("windows", "amd64", Optional.empty()).runsOn("amd64"))
                .isFalse();
        assertThat(new Platform("linux", "arm64", Optional.of("v8")).toString()).isEqualTo("linux/arm64/v8");
    }

    @Test
    void parsesChallenges() {
        AuthChallenge bearer = AuthChallenge.parse(
                        "Bearer realm=\"https://auth.example.com/token\",service=\"registry\","
                                + "scope=\"repository:kubesolo/os:pull,push\"")
                .orElseThrow();
        assertThat(bearer.isBearer()).isTrue();
        assertThat(bearer.parameter("realm")).contains("https://auth.example.com/token");
        assertThat(bearer.parameter("scope")).contains("repository:kubesolo/os:pull,push");
        assertThat(bearer.parameter("service")).contains("registry");

        AuthChallenge basic = AuthChallenge.parse("Basic realm=Registry").orElseThrow();
        assertThat(basic.isBasic()).isTrue();
        assertThat(basic.parameter("realm")).contains("Registry");
        assertThat(AuthChallenge.parse("")).isEmpty();
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(new Credentials("fleet", "s3cret").toString())
                .doesNotContain("s3cret")
                .contains("fleet");
    }
}
