package io.kubesolo.update.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubesolo.update.slot.SlotName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written by the real grub-editenv and by {@link GrubEnv} are the same bytes. */
@Tag("system")
class GrubEditenvCompatibilityTest {

    /** Values whose storage is not plain: escapes, separators, whitespace, multi-byte UTF-8. */
    private static final Map<String, String> AWKWARD = awkward();

    /** Bytes left for variables in a block made by {@code grub-editenv create}. */
    private static final int FREE_AFTER_CREATE =
            GrubEnv.BLOCK_SIZE - GrubEnv.HEADER.length() - GrubEnv.CREATE_WARNING.length() - 1;

    @TempDir
    Path dir;

    private static Map<String, String> awkward() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("backslash", "C:\\boot\\");
        values.put("newline", "line one\nline two\n");
        values.put("backslash_newline", "\\\n\\\\n");
        values.put("equals", "k=v=w");
        values.put("spaces", "  two  spaces  ");
        values.put("unicode", "ünïcødé ✓ 😀");
        values.put("hash", "#not a comment#");
        values.put("empty", "");
        values.put("active_slot", "B");
        return values;
    }

    /** {@code set name=value ...}, in the map's order. */
    private static String[] set(Map<String, String> variables) {
        return Stream.concat(Stream.of("set"), variables.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()))
                .toArray(String[]::new);
    }

    private static GrubEnv withAll(GrubEnv env, Map<String, String> variables) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            env = env.with(variable.getKey(), variable.getValue());
        }
        return env;
    }

    @Test
    void readsEveryValueGrubEditenvWrites() throws Exception {
        Path file = dir.resolve("grubenv");
        GrubEditenv.ok(file, "create");
        GrubEditenv.ok(file, set(AWKWARD));

        GrubEnv env = new GrubEnvFile(file).read();

        assertThat(env.variables()).containsExactlyEntriesOf(AWKWARD);
        assertThat(env.get("newline")).contains("line one\nline two\n");
    }

    @Test
    void grubEditenvListsEveryValueWeWrite() throws Exception {
        Path file = dir.resolve("grubenv");
        new GrubEnvFile(file).create(withAll(GrubEnv.empty(), AWKWARD));

        String listed = GrubEditenv.ok(file, "list");

        StringBuilder expected = new StringBuilder();
        AWKWARD.forEach(
                (name, value) -> expected.append(name).append('=').append(value).append('\n'));
        assertThat(listed).isEqualTo(expected.toString());
    }

    @Test
    void sameEditsInSameOrderGiveTheSameBytes() throws Exception {
        Path theirs = dir.resolve("theirs");
        GrubEditenv.ok(theirs, "create");
        GrubEditenv.ok(theirs, set(AWKWARD));
        GrubEditenv.ok(theirs, "set", "backslash=longer\\than\\before\\by\\far", "spaces=short");
        GrubEditenv.ok(theirs, "unset", "equals");
        GrubEditenv.ok(theirs, "set", "equals=back at the end");

        GrubEnv ours = withAll(GrubEnv.empty(), AWKWARD)
                .with("backslash", "longer\\than\\before\\by\\far")
                .with("spaces", "short")
                .without("equals")
                .with("equals", "back at the end");

        assertThat(ours.toBytes()).isEqualTo(Files.readAllBytes(theirs));
        assertThat(GrubEnv.parse(Files.readAllBytes(theirs))).isEqualTo(ours);
    }

    @Test
    void emptyIsWhatCreateWrites() throws Exception {
        Path theirs = dir.resolve("theirs");
        GrubEditenv.ok(theirs, "create");

        assertThat(GrubEnv.empty().toBytes()).isEqualTo(Files.readAllBytes(theirs));
        assertThat(GrubEnv.parse(Files.readAllBytes(theirs)).variables()).isEmpty();
    }

    @Test
    void keepsCommentLinesInPlace() throws Exception {
        Path theirs = dir.resolve("theirs");
        GrubEditenv.ok(theirs, "create");
        // grub-editenv writes a name starting with '#' as is; GRUB then reads the line as a comment.
        GrubEditenv.ok(theirs, "set", "first=1", "#disabled=x", "last=2");
        GrubEnv read = new GrubEnvFile(theirs).read();
        assertThat(read.variables()).containsExactly(Map.entry("first", "1"), Map.entry("last", "2"));

        GrubEditenv.ok(theirs, "set", "first=one", "added=3");
        GrubEnv ours = read.with("first", "one").with("added", "3");

        assertThat(ours.toBytes()).isEqualTo(Files.readAllBytes(theirs));
    }

    @Test
    void grubEditenvEditsWhatWeWriteAndWeReadItBack() throws Exception {
        Path file = dir.resolve("grubenv");
        GrubEnvFile envFile = new GrubEnvFile(file);
        envFile.create(new BootState(SlotName.A, 3, true).applyTo(GrubEnv.empty()));

        GrubEditenv.ok(file, "set", "active_slot=B", "saved_entry=KubeSolo B");
        GrubEditenv.ok(file, "unset", "boot_counter");

        assertThat(envFile.read().variables())
                .containsExactly(
                        Map.entry("active_slot", "B"),
                        Map.entry("boot_success", "1"),
                        Map.entry("saved_entry", "KubeSolo B"));
    }

    @Test
    void aBlockFilledToTheLastByteIsAcceptedByBoth() throws Exception {
        String fits = "x".repeat(FREE_AFTER_CREATE - "a=\n".length());
        Path theirs = dir.resolve("theirs");
        GrubEditenv.ok(theirs, "create");
        GrubEditenv.ok(theirs, "set", "a=" + fits);

        byte[] ours = GrubEnv.empty().with("a", fits).toBytes();

        assertThat(ours).isEqualTo(Files.readAllBytes(theirs));
        assertThat(ours[GrubEnv.BLOCK_SIZE - 1]).isEqualTo((byte) '\n');
        assertThat(GrubEnv.parse(ours).get("a")).contains(fits);
    }

    @Test
    void aVariableOneByteTooLongIsRefusedByBoth() throws Exception {
        String tooLong = "x".repeat(FREE_AFTER_CREATE - "a=\n".length() + 1);
        Path theirs = dir.resolve("theirs");
        GrubEditenv.ok(theirs, "create");

        GrubEditenv.Result result = GrubEditenv.run(theirs, "set", "a=" + tooLong);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("environment block too small");

        assertThatThrownBy(() -> GrubEnv.empty().with("a", tooLong).toBytes())
                .isInstanceOf(GrubEnvException.class)
                .hasMessage("the GRUB variables take 1025 bytes, more than the 1024 of an environment block");
    }
}
