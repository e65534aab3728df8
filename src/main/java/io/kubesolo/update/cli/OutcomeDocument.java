package io.kubesolo.update.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;
import io.kubesolo.update.slot.SlotName;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON document {@code apply}, {@code activate} and {@code rollback} print on stdout with
 * {@code --json} (docs/cli.md): {@code result}, the command's own fields, {@code message} (what the
 * command says without {@code --json}) and {@code error}. A failure prints the same fields, null
 * but {@code result} and {@code error}; the one-line error still goes to stderr and the exit
 * status is the same as without {@code --json}.
 */
final class OutcomeDocument {

    /** A command that prints an outcome document with --json, also when it fails. */
    interface Producer {

        /** The command's own fields, in the order the document lists them. */
        List<String> fields();
    }

    private final String result;
    private final Map<String, Object> fields;
    private final String message;
    private final String error;

    private OutcomeDocument(String result, Map<String, Object> fields, String message, String error) {
        this.result = result;
        this.fields = fields;
        this.message = message;
        this.error = error;
    }

    /** A success: {@code fields} holds a value (or null) for each of the producer's fields. */
    static OutcomeDocument success(String result, Map<String, Object> fields, String message) {
        return new OutcomeDocument(result, fields, message, null);
    }

    /** The success of {@code activate} or {@code rollback}: which slot boots next, with which version. */
    static OutcomeDocument nextBoot(String result, SlotName slot, String version, String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("slot", slot.toString());
        fields.put("version", version);
        return success(result, fields, message);
    }

    /** A failure of {@code producer}: the result says what kind ({@code refused}, {@code failed}, {@code busy}…). */
    static OutcomeDocument failure(Producer producer, Exception exception, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        producer.fields().forEach(field -> fields.put(field, null));
        Outcome outcome = exception instanceof UpdateException update ? update.outcome() : Outcome.FAILED;
        String result =
                outcome == Outcome.USAGE ? "usage_error" : outcome.name().toLowerCase(Locale.ROOT);
        return new OutcomeDocument(result, fields, null, error);
    }

    /** Prints the document with --json, else the message as the command's report line. */
    void report(PrintWriter out, boolean json) {
        if (json) {
            print(out);
        } else {
            ReportLines.println(out, message);
            out.flush();
        }
    }

    void print(PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("result", result);
        fields.forEach((name, value) -> root.set(name, mapper.valueToTree(value)));
        root.put("message", message);
        root.put("error", error);
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
