package io.kubesolo.update.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BookkeepingJsonTest {

    private static BookkeepingJson.Fields read(String json) throws Exception {
        return BookkeepingJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatDatabindWroteBeforeByteForByte() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phase", "staged");
        fields.put("last_error", null);
        fields.put("escaped", "a \"quoted\"\nline é");
        fields.put("attempt_count", 3L);
        fields.put("download_seconds", 0.404296299);
        byte[] written = new BookkeepingJson.Writer()
                .string("phase", "staged")
                .string("last_error", null)
                .string("escaped", "a \"quoted\"\nline é")
                .integer("attempt_count", 3)
                .number("download_seconds", 0.404296299)
                .toBytes();

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(fields));
    }

    @Test
    void readsEachTypeAndTakesAbsentOrNullAsEmpty() throws Exception {
        BookkeepingJson.Fields fields = read(
                "{\"s\":\"text\",\"n\":null,\"i\":42,\"big\":5000000000,\"d\":0.25,\"whole\":2,\"unknown\":{\"a\":[1,2]}}");
        assertThat(fields.string("s")).isEqualTo("text");
        assertThat(fields.string("n")).isNull();
        assertThat(fields.string("absent")).isNull();
        assertThat(fields.integer("i")).isEqualTo(42);
        assertThat(fields.smallInteger("i")).isEqualTo(42);
        assertThat(fields.integer("big")).isEqualTo(5_000_000_000L);
        assertThat(fields.integer("n")).isZero();
        assertThat(fields.integer("absent")).isZero();
        assertThat(fields.number("d")).isEqualTo(0.25);
        assertThat(fields.number("whole")).isEqualTo(2.0);
        assertThat(fields.number("absent")).isZero();
    }

    @Test
    void aValueOfTheWrongTypeIsAnError() throws Exception {
        BookkeepingJson.Fields fields =
                read("{\"s\":1,\"i\":\"1\",\"f\":1.5,\"big\":5000000000,\"o\":{},\"a\":[],\"b\":true}");
        for (String key : List.of("s", "o", "a", "b")) {
            assertThatThrownBy(() -> fields.string(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        for (String key : List.of("i", "f", "o", "a", "b")) {
            assertThatThrownBy(() -> fields.integer(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> fields.smallInteger("big")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fields.number("i")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textThatIsNotJsonIsAJacksonException() {
        for (String junk :
                List.of("{", "{\"a\":", "{\"a\"", "not json", "{\"a\":1,\"a\":2}", "{\"a\":" + "[".repeat(100_000))) {
            assertThatThrownBy(() -> read(junk)).as(junk).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void jsonThatIsNotAnObjectIsAnIllegalArgument() {
        for (String junk : List.of("", "[]", "42", "\"text\"", "null")) {
            assertThatThrownBy(() -> read(junk)).as(junk).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
