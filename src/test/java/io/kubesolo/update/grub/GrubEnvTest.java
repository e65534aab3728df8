package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrubEnvTest {

    /** The header, {@code body}, then '#' up to a full block. */
    static byte[] block(String body) {
        return block(body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] block(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(GrubEnv.HEADER.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        while (out.size() < GrubEnv.BLOCK_SIZE) {
            out.write('#');
        }
        return out.toByteArray();
    }

    private static void assertRefused(byte[] block, String reason) {
        assertThatThrownBy(() -> GrubEnv.parse(block))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("not a valid GRUB environment block: " + reason);
    }

    @Test
    void readsVariablesInBlockOrder() {
        GrubEnv env = GrubEnv.parse(block("zeta=1\nalpha=a\\\\b\\\nc\nmid=\n"));

        assertThat(env.variables())
                .containsExactly(Map.entry("zeta", "1"), Map.entry("alpha", "a\\b\nc"), Map.entry("mid", ""));
        assertThat(env.get("alpha")).contains("a\\b\nc");
        assertThat(env.get("missing")).isEmpty();
    }

    @Test
    void writesBackTheBytesItRead() {
        byte[] original = block("# a comment\\\nspanning two lines\nx=1\n#y=2\nz=\\\\\n");

        assertThat(GrubEnv.parse(original).toBytes()).isEqualTo(original);
    }

    @Test
    void setReplacesInPlaceAndAppendsNewOnes() {
        GrubEnv env = GrubEnv.parse(block("a=1\nb=2\nc=3\n"));

        GrubEnv changed = env.with("b", "two").with("d", "4").without("a").without("nothing");

        assertThat(changed.variables())
                .containsExactly(Map.entry("b", "two"), Map.entry("c", "3"), Map.entry("d", "4"));
        assertThat(changed.toBytes()).isEqualTo(block("b=two\nc=3\nd=4\n"));
        assertThat(env.variables()).as("the original is unchanged").containsOnlyKeys("a", "b", "c");
    }

    @Test
    void toBytesIsAlwaysAFullBlock() {
        assertThat(GrubEnv.empty().toBytes()).hasSize(GrubEnv.BLOCK_SIZE);
        assertThat(GrubEnv.empty().with("x", "y").toBytes()).hasSize(GrubEnv.BLOCK_SIZE);
    }

    @Test
    void refusesWrongSizes() {
        byte[] valid = block("a=1\n");
        assertRefused(Arrays.copyOf(valid, 17), "expected 1024 bytes, found 17");
        assertRefused(Arrays.copyOf(valid, 1025), "expected 1024 bytes, found 1025");
        assertRefused(new byte[0], "expected 1024 bytes, found 0");
    }

    @Test
    void refusesAMissingHeader() {
        byte[] noHeader = block("a=1\n");
        noHeader[2] = 'g';
        assertRefused(noHeader, "it does not start with the line '# GRUB Environment Block'");
        byte[] zeros = new byte[GrubEnv.BLOCK_SIZE];
        assertRefused(zeros, "it does not start with the line '# GRUB Environment Block'");
    }

    @Test
    void refusesALineWithoutEquals() {
        assertRefused(block("a=1\njunk\n"), "the line at byte 29 is neither a name=value variable nor a # comment");
    }

    @Test
    void refusesAnEmptyLine() {
        assertRefused(block("a=1\n\nb=2\n"), "the line at byte 29 is empty");
    }

    @Test
    void refusesPaddingThatIsNotHashes() {
        byte[] block = block("a=1\n");
        block[1000] = ' ';
        assertRefused(block, "the padding holds byte 0x20 at byte 1000 where only '#' belongs");
    }

    @Test
    void refusesALineCutOffByTheEndOfTheBlock() {
        byte[] block = block("a=1\n");
        Arrays.fill(block, 29, GrubEnv.BLOCK_SIZE, (byte) 'x');
        block[29] = 'b';
        block[30] = '=';
        assertRefused(block, "the line at byte 29 runs to the end of the block without a newline");
        block[GrubEnv.BLOCK_SIZE - 1] = '\\';
        assertRefused(block, "the line at byte 29 runs to the end of the block without a newline");
    }

    @Test
    void refusesAVariableSetTwice() {
        assertRefused(block("a=1\nb=2\na=3\n"), "variable 'a' is set twice");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertRefused(block(new byte[] {'a', '=', (byte) 0xff, '\n'}), "the line at byte 25 is not UTF-8 text");
    }

    @Test
    void refusesNulBytes() {
        assertRefused(block(new byte[] {'a', '=', 'x', 0, 'y', '\n'}), "the line at byte 25 holds a NUL byte");
        assertRefused(new byte[GrubEnv.BLOCK_SIZE], "it does not start with the line '# GRUB Environment Block'");
    }

    @Test
    void refusesEscapesGrubNeverWrites() {
        assertRefused(block("a=\\t\n"), "the line at byte 25 escapes byte 0x74, which grub-editenv never escapes");
    }

    @Test
    void refusesAllTheLinesTogetherWhenTheyDoNotFit() {
        GrubEnv env = GrubEnv.empty();
        for (int i = 0; i < 100; i++) {
            env = env.with("variable_" + i, "value");
        }
        GrubEnv full = env;

        assertThatThrownBy(full::toBytes)
                .isInstanceOf(GrubEnvException.class)
                .hasMessageStartingWith("the GRUB variables take ")
                .hasMessageEndingWith(" bytes, more than the 1024 of an environment block");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#commented", "a=b", "two\nlines", "nul\0"})
    void refusesNamesTheBlockCannotHold(String name) {
        assertThatThrownBy(() -> GrubEnv.empty().with(name, "v"))
                .isInstanceOf(GrubEnvException.class)
                .hasMessageStartingWith("GRUB variable name '" + name + "' ");
    }

    @Test
    void refusesValuesGrubCannotHold() {
        assertThatThrownBy(() -> GrubEnv.empty().with("a", "x\0y"))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("the value of GRUB variable 'a' contains a NUL character");
        assertThatThrownBy(() -> GrubEnv.empty().with("a", "\ud800"))
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("the value of GRUB variable 'a' is not valid Unicode text");
    }
}
