package io.kubesolo.update.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturesTest {

    private final byte[] signature = randomSignature();

    @Test
    void readsTheRawSixtyFourBytes() {
        assertThat(Signatures.parse(signature, "vmlinuz")).isEqualTo(signature);
    }

    @Test
    void readsOneHundredTwentyEightHexCharactersWithWhitespaceAround() {
        String hex = HexFormat.of().formatHex(signature);
        assertThat(Signatures.parse(ascii(hex), "vmlinuz")).isEqualTo(signature);
        assertThat(Signatures.parse(ascii("  " + hex.toUpperCase(Locale.ROOT) + "\r\n"), "vmlinuz"))
                .isEqualTo(signature);
        assertThat(Signatures.parse(ascii(Signatures.toHex(signature)), "vmlinuz"))
                .isEqualTo(signature);
    }

    @Test
    void aRawSignatureThatHappensToBeHexDigitsIsStillRaw() {
        byte[] digits = ascii("0123456789abcdef".repeat(4));
        assertThat(Signatures.parse(digits, "x")).isEqualTo(digits);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 65, 127, 128, 129, 2000})
    void refusesContentOfAnyOtherLength(int length) {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        assertThatThrownBy(() -> Signatures.parse(content, "kubesolo-os.gz"))
                .isInstanceOfSatisfying(
                        VerifyException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.REFUSED))
                .hasMessage("signature of kubesolo-os.gz is not an Ed25519 signature (" + length
                        + " bytes; expected 64 raw bytes or 128 hex characters)");
    }

    @Test
    void refusesHexOfTheWrongLengthAndNonHex() {
        String hex = HexFormat.of().formatHex(signature);
        for (String text :
                new String[] {hex.substring(2), hex + "00", hex.substring(1) + "g", hex.replace(hex.charAt(5), ' ')}) {
            assertThatThrownBy(() -> Signatures.parse(ascii(text), "latest.json"))
                    .isInstanceOf(VerifyException.class)
                    .hasMessageStartingWith("signature of latest.json is not an Ed25519 signature");
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomSignature() {
        byte[] bytes = new byte[64];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
