package io.kubesolo.update.cli;

import io.kubesolo.update.attempt.ApplyResult;
import io.kubesolo.update.attempt.ApplyUpdate;
import io.kubesolo.update.fs.DeviceLock;
import io.kubesolo.update.metrics.LastRun.CheckResult;
import io.kubesolo.update.policy.WindowWait;
import io.kubesolo.update.retry.Deadline;
import io.kubesolo.update.retry.Sleeper;
import io.kubesolo.update.stage.ProgressReporter;
import io.kubesolo.update.stage.Stager;
import io.kubesolo.update.stage.StagingResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apply}: gates, download, verify, write the release into the passive slot. Does not activate. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Stage the release the update source offers into the passive slot: maintenance window, then"
                    + " fetch, signature, channel, architecture, minimum version, downgrade protection,"
                    + " rollout, free space and node block label gates, then download with digest (and signature) checks."
                    + " Does not activate: run 'kubesolo-update activate' afterwards.",
            "Exit status: 0 staged, already up to date, or held back by the release's phased rollout; 1 failed;"
                    + " 2 usage; 3 refused by a gate; 4 another command holds the lock."
        })
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UpdateOptions options;

    @Option(
            names = "--wait-for-window",
            paramLabel = "DURATION",
            converter = NetworkOptions.DurationConverter.class,
            description = "When the maintenance window is closed and opens within DURATION (e.g. 6h), wait for it"
                    + " (without holding the device lock), then apply; a window further away is refused as without"
                    + " this flag (exit 3). For schedules that do not line up with the window.")
    Duration waitForWindow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.system(ZoneId.systemDefault());
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
                Deadline.after(wiring.network.downloadTimeout(), clock),
                line -> {
                    ReportLines.println(info, line);
                    info.flush();
                });
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
                .ifPresent(staging -> recorder.downloaded(staging.bytes(), Duration.between(started, clock.instant())));
        if (result.upToDate() || result.heldBack()) {
            ReportLines.println(out, result.decision().message());
        } else if (result.staging().isEmpty()) {
            ReportLines.println(
                    out,
                    "slot " + wiring.slots.passive() + " already holds " + version
                            + "; nothing downloaded. Activate it with 'kubesolo-update activate'.");
        } else {
            StagingResult staging = result.staging().get();
            ReportLines.println(
                    out,
                    "staged " + version + " into slot " + staging.slot() + " (downloaded " + staging.bytes()
                            + " bytes"
                            + (staging.reused() > 0
                                    ? ", continued from " + staging.reused() + " bytes of an earlier" + " attempt"
                                    : "")
                            + "). Activate it with 'kubesolo-update activate'.");
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** Whether output goes to a terminal, where a progress bar is redrawn in place. */
    @SuppressWarnings("SystemConsoleNull") // on Java 17, which the agent runs on, console() is null off a terminal
    private static boolean onTerminal() {
        return System.console() != null;
    }
}
