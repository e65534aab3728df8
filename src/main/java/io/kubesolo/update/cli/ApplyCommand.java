package io.kubesolo.update.cli;

import io.kubesolo.update.LocalClock;
import io.kubesolo.update.attempt.ApplyResult;
import io.kubesolo.update.attempt.ApplyUpdate;
import io.kubesolo.update.fs.DeviceLock;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.policy.WindowWait;
import io.kubesolo.update.retry.Sleeper;
import io.kubesolo.update.stage.ProgressReporter;
import io.kubesolo.update.stage.Stager;
import io.kubesolo.update.stage.StagingResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apply}: gates, download, verify, write the release into the passive slot. Does not activate. */
final class ApplyCommand implements Callable<Integer>, OutcomeDocument.Producer {

    private final UpdateOptions options = new UpdateOptions();
    private Duration waitForWindow;
    private final JsonOption json = new JsonOption();
    private final CommandSpec spec;

    ApplyCommand() {
        spec = CodedModel.command(
                this,
                "apply",
                "Stage the release the update source offers into the passive slot: maintenance window, then"
                        + " fetch, signature, channel, architecture, minimum version, downgrade protection,"
                        + " rollout, free space and node block label gates, then download with digest (and"
                        + " signature) checks. Does not activate: run 'kubesolo-update activate' afterwards.",
                "Exit status: 0 staged, already up to date, or held back by the release's phased rollout; 1 failed;"
                        + " 2 usage; 3 refused by a gate; 4 another command holds the lock.");
        options.addTo(spec);
        spec.addOption(NetworkOptions.duration(() -> waitForWindow, value -> waitForWindow = value, "--wait-for-window")
                .description("When the maintenance window is closed and opens within DURATION (e.g. 6h), wait for it"
                        + " (without holding the device lock), then apply; a window further away is refused as"
                        + " without this flag (exit 3). For schedules that do not line up with the window.")
                .build());
        json.addTo(spec);
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    @Override
    public List<String> fields() {
        return List.of(
                "source",
                "running_version",
                "version",
                "slot",
                "downloaded_bytes",
                "resumed_bytes",
                "reused_from_slots_bytes");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = new LocalClock();
        if (waitForWindow != null && !options.policy.force) {
            new WindowWait(
                            options.policy.window(options.device.loadConf()),
                            waitForWindow,
                            clock,
                            Sleeper.threadSleep(),
                            line -> Log.info(options.info(err), line))
                    .await();
        }
        try (DeviceLock lock = DeviceLock.acquire(options.device.deviceRoot(), "apply")) {
            return apply(out, err, clock);
        }
    }

    private int apply(PrintWriter out, PrintWriter err, Clock clock) {
        UpdateWiring wiring = options.wire(clock, err);
        PrintWriter info = options.info(err);
        Stager stager = new Stager(
                        wiring.source,
                        wiring.trustedKeys,
                        ProgressReporter.to(info, onTerminal(), clock),
                        wiring.retry,
                        wiring.deadline,
                        line -> {
                            ReportLines.println(info, line);
                            info.flush();
                        })
                .reusingChunksOf(() -> wiring.slots.openForReading(wiring.slots.active()));
        ReportLines.println(info, "source: " + wiring.source.describe());
        info.flush();
        RunRecorder recorder = RunRecorder.nextTo(wiring.store.file(), clock, err);
        Instant started = clock.instant();
        ApplyResult result = recorder.record(() -> new ApplyUpdate(
                        wiring.source,
                        wiring.preflight(),
                        wiring.gates(),
                        wiring.slots::openPassiveForWriting,
                        stager,
                        wiring.store,
                        wiring.running,
                        clock)
                .run());
        String version = result.release().metadata().version();
        recorder.checked(
                result.upToDate()
                        ? CheckResult.UP_TO_DATE
                        : result.heldBack() ? CheckResult.HELD_BACK : CheckResult.AVAILABLE,
                version);
        result.staging()
                .ifPresent(staging -> recorder.downloaded(
                        staging.bytes(), staging.fromSlots(), Duration.between(started, clock.instant())));
        outcome(result, wiring).report(out, json.enabled());
        return ExitCodes.SUCCESS;
    }

    /** What the apply did, for people (the message) and with --json for tools. */
    private static OutcomeDocument outcome(ApplyResult result, UpdateWiring wiring) {
        String version = result.release().metadata().version();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", wiring.source.describe());
        fields.put("running_version", wiring.running.orElse(null));
        fields.put("version", version);
        fields.put("slot", null);
        fields.put("downloaded_bytes", 0L);
        fields.put("resumed_bytes", 0L);
        fields.put("reused_from_slots_bytes", 0L);
        String outcome;
        String message;
        if (result.upToDate() || result.heldBack()) {
            outcome = result.upToDate() ? "up_to_date" : "held_back";
            message = result.decision().message();
        } else if (result.staging().isEmpty()) {
            outcome = "already_staged";
            fields.put("slot", wiring.slots.passive().toString());
            message = "slot " + wiring.slots.passive() + " already holds " + version
                    + "; nothing downloaded. Activate it with 'kubesolo-update activate'.";
        } else {
            StagingResult staging = result.staging().get();
            outcome = "staged";
            fields.put("slot", staging.slot().toString());
            fields.put("downloaded_bytes", staging.bytes());
            fields.put("resumed_bytes", staging.reused());
            fields.put("reused_from_slots_bytes", staging.fromSlots());
            message = "staged " + version + " into slot " + staging.slot() + " (downloaded " + staging.bytes()
                    + " bytes"
                    + (staging.fromSlots() > 0 ? ", reused " + staging.fromSlots() + " bytes the slots held" : "")
                    + (staging.reused() > 0
                            ? ", continued from " + staging.reused() + " bytes of an earlier" + " attempt"
                            : "")
                    + "). Activate it with 'kubesolo-update activate'.";
        }
        return OutcomeDocument.success(outcome, fields, message);
    }

    /** Whether output goes to a terminal, where a progress bar is redrawn in place. */
    @SuppressWarnings("SystemConsoleNull") // on Java 17, which the agent runs on, console() is null off a terminal
    private static boolean onTerminal() {
        return System.console() != null;
    }
}
