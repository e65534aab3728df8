package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsAndPrintsLowercaseHex() {
        Sha256 digest = Sha256.of("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(digest.hex()).isEqualTo(ABC);
        assertThat(digest).hasToString("sha256:" + ABC);
        assertThat(digest).isEqualTo(Sha256.parseHex(ABC)).hasSameHashCodeAs(Sha256.parseHex(ABC));
        assertThat(digest).isNotEqualTo(Sha256.of(new byte[0]));
    }

    @Test
    void acceptsUppercaseAndNormalisesIt() {
        assertThat(Sha256.parseHex(ABC.toUpperCase()).hex()).isEqualTo(ABC);
    }

    @Test
    void matchesAStreamedDigest() {
        MessageDigest streamed = Sha256.newDigest();
        streamed.update("ab".getBytes(StandardCharsets.US_ASCII));
        streamed.update("c".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.parseHex(ABC).matches(streamed)).isTrue();
        streamed.update("abd".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.parseHex(ABC).matches(streamed)).isFalse();
    }

    @Test
    void wrapsAFinishedDigest() {
        assertThat(Sha256.ofDigest(Sha256.parseHex(ABC).bytes())).isEqualTo(Sha256.parseHex(ABC));
        assertThatThrownBy(() -> Sha256.ofDigest(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",   // 63
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0", // 65
        "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",  // g
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f200",
        " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\u0661"})
    void refusesAnythingButSixtyFourHexCharacters(String text) {
        assertThatThrownBy(() -> Sha256.parseHex(text))
                .isInstanceOfSatisfying(VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILED))
                .hasMessageStartingWith("not a SHA-256 digest: ")
                .hasMessageContaining("expected 64 hex characters");
    }
}
