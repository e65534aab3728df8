package io.kubesolo.update.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubesolo.update.LocalClock;
import io.kubesolo.update.ReleaseMetadata;
import io.kubesolo.update.check.CheckReport;
import io.kubesolo.update.check.CheckUpdate;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.policy.Decision;
import io.kubesolo.update.policy.MachineId;
import io.kubesolo.update.policy.RolloutBucket;
import io.kubesolo.update.verify.TrustedKeys;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** {@code check}: is there an update, and would the gates let it through? Writes no state. */
final class CheckCommand implements Callable<Integer> {

    private final UpdateOptions options = new UpdateOptions();
    private final JsonOption json = new JsonOption();
    private final CommandSpec spec;

    CheckCommand() {
        spec = CodedModel.command(
                this,
                "check",
                "Fetch the release metadata (and its signature) and report whether an update is available and"
                        + " what every gate says about it. Writes nothing: a check is not an attempt.",
                "Exit status: 0 update available and allowed, already up to date, or held back by the release's"
                        + " phased rollout; 1 failed; 2 usage; 3 a gate would refuse it.");
        options.addTo(spec);
        json.addTo(spec);
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = new LocalClock();
        UpdateWiring wiring = options.wire(clock, spec.commandLine().getErr());
        RunRecorder recorder = RunRecorder.nextTo(
                wiring.store.file(), clock, spec.commandLine().getErr());
        CheckReport report = recorder.record(() -> new CheckUpdate(
                        wiring.source,
                        wiring.preflight(),
                        wiring.gates(),
                        () -> wiring.slots.openForReading(wiring.slots.passive()),
                        wiring.running)
                .run());
        Decision verdict = report.verdict();
        recorder.checked(
                checkResult(verdict),
                report.release().metadata().version(),
                verdict.refused() ? verdict.message() : null);
        if (json.enabled()) {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(toJson(report, verdict, wiring::machineId, wiring.trustedKeys)));
        } else {
            printHuman(out, report, verdict, wiring.trustedKeys);
        }
        out.flush();
        return verdict.refused() ? ExitCodes.REFUSED : ExitCodes.SUCCESS;
    }

    private static CheckResult checkResult(Decision verdict) {
        return switch (verdict.verdict()) {
            case REFUSE -> CheckResult.REFUSED;
            case UP_TO_DATE -> CheckResult.UP_TO_DATE;
            case HELD_BACK -> CheckResult.HELD_BACK;
            default -> CheckResult.AVAILABLE;
        };
    }

    /** What the trust policy did with this release, for people: checked, or says plainly that it was not. */
    static String describeTrust(TrustedKeys keys) {
        return keys.isEmpty()
                ? "not checked: releases are not being authenticated (no pubkey configured)"
                : "verified against " + keys.keys().size()
                        + (keys.keys().size() == 1 ? " trusted key" : " trusted keys");
    }

    private static void printHuman(PrintWriter out, CheckReport report, Decision verdict, TrustedKeys keys) {
        ReleaseMetadata metadata = report.release().metadata();
        ReportLines.println(out, "source: " + report.source());
        ReportLines.println(out, "signatures: " + describeTrust(keys));
        ReportLines.println(out, "running: " + report.running().orElse("(unknown)"));
        ReportLines.println(
                out,
                "available: " + metadata.version()
                        + metadata.channel()
                                .map(channel -> ", channel " + channel)
                                .orElse("")
                        + metadata.architecture().map(arch -> ", " + arch).orElse("")
                        + metadata.releaseDate()
                                .map(date -> ", released " + date)
                                .orElse("")
                        + metadata.expires().map(date -> ", expires " + date).orElse(""));
        for (Decision decision : report.gates()) {
            ReportLines.println(out, "  " + decision.gate() + ": " + label(decision) + " (" + decision.detail() + ")");
        }
        if (verdict.allowed()) {
            ReportLines.println(
                    out,
                    "update available: " + report.running().orElse("(unknown)") + " -> " + metadata.version()
                            + "; the gates let it through");
        } else {
            ReportLines.println(out, verdict.message());
        }
    }

    private static String label(Decision decision) {
        return switch (decision.verdict()) {
            case REFUSE -> "REFUSED";
            case UP_TO_DATE -> "up to date";
            case HELD_BACK -> "held back";
            default -> "ok";
        };
    }

    private static ObjectNode toJson(
            CheckReport report, Decision verdict, Supplier<MachineId> machineId, TrustedKeys keys) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ReleaseMetadata metadata = report.release().metadata();
        root.put("source", report.source());
        root.put("authenticated", !keys.isEmpty());
        root.put("running_version", report.running().orElse(null));
        root.put("available_version", metadata.version());
        root.put("update_available", verdict.allowed());
        root.put("up_to_date", verdict.verdict() == Decision.Verdict.UP_TO_DATE);
        root.put("held_back", verdict.verdict() == Decision.Verdict.HELD_BACK);
        root.put("refused", verdict.refused());
        root.put("message", verdict.allowed() ? null : verdict.message());
        ObjectNode release = root.putObject("release");
        release.put("version", metadata.version());
        putOptional(release, "channel", metadata.channel());
        putOptional(release, "architecture", metadata.architecture());
        putOptional(release, "min_compatible_version", metadata.minCompatibleVersion());
        putOptional(release, "release_notes", metadata.releaseNotes());
        putOptional(release, "release_date", metadata.releaseDate().map(Object::toString));
        putOptional(release, "expires", metadata.expires().map(Object::toString));
        ObjectNode rollout = root.putObject("rollout");
        if (metadata.rolloutPercent().isPresent()) {
            RolloutBucket bucket = RolloutBucket.of(machineId.get().value(), metadata.version());
            rollout.put("percent", metadata.rolloutPercent().get().percent());
            rollout.put("bucket", new BigDecimal(bucket.toString()));
            rollout.put("included", bucket.isWithin(metadata.rolloutPercent().get()));
            rollout.put("machine_id_source", machineId.get().source());
        } else {
            rollout.putNull("percent");
            rollout.put("included", true);
        }
        ArrayNode gates = root.putArray("gates");
        for (Decision decision : report.gates()) {
            ObjectNode gate = gates.addObject();
            gate.put("gate", decision.gate());
            gate.put("verdict", decision.verdict().name().toLowerCase(java.util.Locale.ROOT));
            gate.put("detail", decision.detail());
        }
        return root;
    }

    private static void putOptional(ObjectNode node, String key, Optional<String> value) {
        node.put(key, value.orElse(null));
    }
}
