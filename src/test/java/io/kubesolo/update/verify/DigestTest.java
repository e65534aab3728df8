package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsAndPrintsLowercaseHex() {
        Digest digest = Digest.of("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(digest.hex()).isEqualTo(ABC);
        assertThat(digest).hasToString("sha256:" + ABC);
        assertThat(digest).isEqualTo(Digest.parseHex(ABC)).hasSameHashCodeAs(Digest.parseHex(ABC));
        assertThat(digest).isNotEqualTo(Digest.of(new byte[0]));
    }

    @Test
    void acceptsUppercaseAndNormalisesIt() {
        assertThat(Digest.parseHex(ABC.toUpperCase(Locale.ROOT)).hex()).isEqualTo(ABC);
    }

    @Test
    void finishesAStreamedDigest() throws Exception {
        MessageDigest streamed = Digest.newSha256();
        streamed.update("ab".getBytes(StandardCharsets.US_ASCII));
        streamed.update("c".getBytes(StandardCharsets.US_ASCII));
        assertThat(Digest.ofFinished(streamed)).isEqualTo(Digest.parseHex(ABC));
        assertThatThrownBy(() -> Digest.ofFinished(MessageDigest.getInstance("SHA-512")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOciFormIsSha256ColonLowercaseHex() {
        assertThat(Digest.parse("sha256:" + ABC)).isEqualTo(Digest.parseHex(ABC));
        assertThat(Digest.of(new byte[0]).toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThatThrownBy(() -> Digest.parse(ABC))
                .hasMessage("'" + ABC + "' is not a digest: expected sha256:<64 hex digits>");
        assertThatThrownBy(() -> Digest.parse("md5:abc"))
                .hasMessage("digest 'md5:abc' uses algorithm 'md5'; only sha256 is supported");
        assertThatThrownBy(() -> Digest.parse("sha256:" + ABC.toUpperCase(Locale.ROOT)))
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED))
                .hasMessageContaining("expected 64 lowercase hex digits");
        assertThatThrownBy(() -> Digest.parse(null)).hasMessage("digest is missing");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", // 63
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", // 65
                "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", // g
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f200",
                " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\u0661"
            })
    void refusesAnythingButSixtyFourHexCharacters(String text) {
        assertThatThrownBy(() -> Digest.parseHex(text))
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED))
                .hasMessageStartingWith("not a SHA-256 digest: ")
                .hasMessageContaining("expected 64 hex characters");
    }
}
