package io.kubesolo.update.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of the agent's own bookkeeping files (state.json, last-run.json): one object of scalar
 * fields, read and written with jackson-core's streaming parser and generator. Short commands
 * ({@code status}, {@code healthcheck} at every boot) read these files and nothing else as JSON;
 * databind's {@code ObjectMapper} and the introspection of a record mapped through it cost them
 * more start-up than the rest of their work together (docs/performance.md).
 *
 * <p>Written indented, as databind's {@code INDENT_OUTPUT} writes them. Read strictly: a key given
 * twice makes the file invalid, a value of the wrong type too; unknown keys are ignored, so that a
 * newer agent's file still reads.
 */
public final class BookkeepingJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Stands for an object or array value: kept so that a known key holding one is an error, not absent. */
    private static final Object NESTED = new Object();

    private BookkeepingJson() {}

    /**
     * The fields of the JSON object in {@code bytes}.
     *
     * @throws IOException              for text that is not JSON (a {@code JacksonException})
     * @throws IllegalArgumentException for JSON that is not an object
     */
    public static Fields read(byte[] bytes) throws IOException {
        Map<String, Object> values = new HashMap<>();
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                values.put(key, value(parser, parser.nextToken()));
            }
        }
        return new Fields(values);
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> {
                parser.skipChildren();
                yield NESTED;
            }
        };
    }

    /** The fields of one object, read with the type each key must have. */
    public static final class Fields {

        private final Map<String, Object> values;

        private Fields(Map<String, Object> values) {
            this.values = values;
        }

        /** The string at {@code key}; null when it is absent or null. */
        public String string(String key) {
            Object value = values.get(key);
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException(key + " is not a string");
            }
            return (String) value;
        }

        /** The whole number at {@code key}; 0 when it is absent or null. */
        public long integer(String key) {
            Object value = values.get(key);
            if (value != null && !(value instanceof Long)) {
                throw new IllegalArgumentException(key + " is not a whole number");
            }
            return value == null ? 0 : (Long) value;
        }

        /** The whole number at {@code key} as an int; 0 when it is absent or null. */
        public int smallInteger(String key) {
            long value = integer(key);
            if (value != (int) value) {
                throw new IllegalArgumentException(key + " is out of range");
            }
            return (int) value;
        }

        /** The number at {@code key}; 0 when it is absent or null. */
        public double number(String key) {
            Object value = values.get(key);
            if (value != null && !(value instanceof Number)) {
                throw new IllegalArgumentException(key + " is not a number");
            }
            return value == null ? 0 : ((Number) value).doubleValue();
        }
    }

    /** Builds one object, its keys in the order they are added; null values are written as null. */
    public static final class Writer {

        private final Map<String, Object> values = new LinkedHashMap<>();

        public Writer string(String key, String value) {
            values.put(key, value);
            return this;
        }

        public Writer integer(String key, long value) {
            values.put(key, value);
            return this;
        }

        public Writer number(String key, double value) {
            values.put(key, value);
            return this;
        }

        public byte[] toBytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                writeTo(bytes);
            } catch (IOException e) {
                throw new IllegalStateException("writing JSON into memory failed", e);
            }
            return bytes.toByteArray();
        }

        private void writeTo(OutputStream out) throws IOException {
            try (JsonGenerator generator = FACTORY.createGenerator(out)) {
                generator.useDefaultPrettyPrinter();
                generator.writeStartObject();
                for (Map.Entry<String, Object> field : values.entrySet()) {
                    generator.writeFieldName(field.getKey());
                    Object value = field.getValue();
                    if (value == null) {
                        generator.writeNull();
                    } else if (value instanceof Long number) {
                        generator.writeNumber(number);
                    } else if (value instanceof Double number) {
                        generator.writeNumber(number);
                    } else {
                        generator.writeString((String) value);
                    }
                }
                generator.writeEndObject();
            }
        }
    }
}
