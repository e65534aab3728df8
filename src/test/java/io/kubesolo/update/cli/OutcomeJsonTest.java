package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply}, {@code activate} and {@code rollback} with {@code --json}: one document on stdout
 * whatever the outcome, the same fields every time, the exit status as without the flag.
 */
@Timeout(60)
class OutcomeJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> APPLY_FIELDS = List.of(
            "result",
            "source",
            "running_version",
            "version",
            "slot",
            "downloaded_bytes",
            "resumed_bytes",
            "reused_from_slots_bytes",
            "message",
            "error");
    private static final List<String> NEXT_BOOT_FIELDS = List.of("result", "slot", "version", "message", "error");

    @TempDir
    Path temp;

    private SimulatedDevice device;

    @BeforeEach
    void pushARelease() throws IOException {
        device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        ReleasePush.onUsbStick(device, temp, "v0.3.0", 400_000, 5);
    }

    private CommandRun apply(String... more) {
        String[] args = {"--json", "--root", device.rootArg(), "apply", "-q", "--registry", ReleasePush.USB_STICK};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CommandRun.of(all);
    }

    @Test
    void applyReportsWhatItStagedThenThatTheSlotAlreadyHoldsIt() throws IOException {
        CommandRun staged = apply("--tag", "stable");
        assertThat(staged.exitCode()).as(staged.toString()).isZero();
        JsonNode document = document(staged, APPLY_FIELDS);
        assertThat(document.get("result").asText()).isEqualTo("staged");
        assertThat(document.get("source").asText()).startsWith("OCI layout ");
        assertThat(document.get("running_version").asText()).isEqualTo("v0.2.0");
        assertThat(document.get("version").asText()).isEqualTo("v0.3.0");
        assertThat(document.get("slot").asText()).isEqualTo("B");
        assertThat(document.get("downloaded_bytes").asLong()).isEqualTo(800_000);
        assertThat(document.get("resumed_bytes").asLong()).isZero();
        assertThat(document.get("message").asText()).startsWith("staged v0.3.0 into slot B");
        assertThat(document.get("error").isNull()).isTrue();

        JsonNode again = document(apply("--tag", "stable"), APPLY_FIELDS);
        assertThat(again.get("result").asText()).isEqualTo("already_staged");
        assertThat(again.get("slot").asText()).isEqualTo("B");
        assertThat(again.get("downloaded_bytes").asLong()).isZero();
    }

    @Test
    void applyFailuresAndRefusalsAreDocumentsTooWithTheExitStatusUnchanged() throws IOException {
        CommandRun failed = apply("--tag", "missing");
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
        JsonNode document = document(failed, APPLY_FIELDS);
        assertThat(document.get("result").asText()).isEqualTo("failed");
        assertThat(failed.err())
                .isEqualTo("kubesolo-update: " + document.get("error").asText() + "\n");
        for (String field : List.of("source", "version", "slot", "downloaded_bytes", "message")) {
            assertThat(document.get(field).isNull()).as(field).isTrue();
        }

        LocalTime closed = LocalTime.now(ZoneId.systemDefault()).plusHours(6);
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        CommandRun refused = apply(
                "--tag",
                "stable",
                "--maintenance-window",
                closed.format(hhmm) + "-" + closed.plusMinutes(1).format(hhmm));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
        JsonNode refusal = document(refused, APPLY_FIELDS);
        assertThat(refusal.get("result").asText()).isEqualTo("refused");
        assertThat(refusal.get("error").asText()).startsWith("refused by the maintenance window gate");

        CommandRun usage = apply("--tag", "stable", "--maintenance-window", "25:00-26:00");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(document(usage, APPLY_FIELDS).get("result").asText()).isEqualTo("usage_error");
    }

    @Test
    void activateAndRollbackSayWhichSlotBootsNextWithWhichVersion() throws IOException {
        CommandRun nothing = CommandRun.of("activate", "--json", "--root", device.rootArg());
        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.FAILED);
        JsonNode refusal = document(nothing, NEXT_BOOT_FIELDS);
        assertThat(refusal.get("result").asText()).isEqualTo("failed");
        assertThat(refusal.get("slot").isNull()).isTrue();
        assertThat(refusal.get("error").asText()).startsWith("nothing to activate");

        assertThat(apply("--tag", "stable").exitCode()).isZero();
        CommandRun activate = CommandRun.of("activate", "--json", "--root", device.rootArg());
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
        JsonNode activated = document(activate, NEXT_BOOT_FIELDS);
        assertThat(activated.get("result").asText()).isEqualTo("activated");
        assertThat(activated.get("slot").asText()).isEqualTo("B");
        assertThat(activated.get("version").asText()).isEqualTo("v0.3.0");
        assertThat(activated.get("message").asText()).startsWith("activated slot B");
        assertThat(activated.get("error").isNull()).isTrue();

        CommandRun rollback = CommandRun.of("--json", "rollback", "--root", device.rootArg());
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        JsonNode rolledBack = document(rollback, NEXT_BOOT_FIELDS);
        assertThat(rolledBack.get("result").asText()).isEqualTo("rolled_back");
        assertThat(rolledBack.get("slot").asText()).isEqualTo("A");
        assertThat(rolledBack.get("version").asText()).isEqualTo("v0.2.0");
    }

    @Test
    void withoutJsonTheReportIsTheMessageLine() {
        CommandRun plain = CommandRun.of(
                "apply", "-q", "--root", device.rootArg(), "--registry", ReleasePush.USB_STICK, "--tag", "missing");
        assertThat(plain.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(plain.out()).isEmpty();
    }

    /** The one document on stdout, with exactly {@code fields} in that order. */
    private static JsonNode document(CommandRun run, List<String> fields) throws IOException {
        JsonNode document = JSON.readTree(run.out());
        assertThat(run.out().strip()).as("one document").endsWith("}");
        Iterator<String> names = document.fieldNames();
        assertThat(names).toIterable().as(run.toString()).containsExactlyElementsOf(fields);
        return document;
    }
}
