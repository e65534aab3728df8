package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.state.UpdateState;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * activate → reboot → healthcheck → status on a simulated device, through the real command line,
 * asserting exit status, output, state.json and the GRUB environment at each step.
 */
@Timeout(60)
class LifecycleCommandsTest {

    /** Nothing listens on port 1 of the loopback: a health URL there fails at once. */
    private static final String FAILING_URL = "http://127.0.0.1:1/healthz";

    @TempDir
    Path directory;

    private SimulatedDevice device;

    @BeforeEach
    void createDevice() {
        device = SimulatedDevice.create(directory.resolve("device"), "v0.2.0");
    }

    private CommandRun run(String... args) {
        String[] withRoot = new String[args.length + 2];
        System.arraycopy(args, 0, withRoot, 0, args.length);
        withRoot[args.length] = "--root";
        withRoot[args.length + 1] = device.rootArg();
        return CommandRun.of(withRoot);
    }

    @Test
    void freshDeviceBootsSlotAConfirmed() {
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
        CommandRun status = run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out())
                .containsPattern("Slot A \\(running, boots next\\): +v0\\.2\\.0\n")
                .containsPattern("Update: +idle\n");
    }

    @Test
    void wholeCycleActivateRebootConfirm() {
        device.stage("B", "v0.2.0", "v0.3.0");
        String slotA = device.fingerprint("A");

        CommandRun activate = run("activate");
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
        assertThat(activate.out()).contains("activated slot B");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.B, 3, false));
        assertThat(device.state().phase()).isEqualTo(Phase.ACTIVATED);

        // Before the reboot nothing is confirmed: the old slot must not vouch for the new one.
        byte[] beforeReboot = device.grubenvBytes();
        CommandRun early = run("healthcheck");
        assertThat(early.exitCode()).as(early.toString()).isZero();
        assertThat(early.out()).contains("has not booted yet");
        assertThat(device.grubenvBytes()).isEqualTo(beforeReboot);
        assertThat(device.state().phase()).isEqualTo(Phase.ACTIVATED);

        assertThat(run("simulate", "boot").out()).contains("GRUB boots slot B (boot_counter=2, boot_success=0)");
        CommandRun health = run("healthcheck");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(health.out()).contains("data_partition:").contains("confirmed healthy");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.B, 3, true));
        UpdateState state = device.state();
        assertThat(state.phase()).isEqualTo(Phase.SUCCESS);
        assertThat(state.lastError()).isNull();
        assertThat(state.toVersion()).isEqualTo("v0.3.0");
        assertThat(device.fingerprint("A")).isEqualTo(slotA);

        CommandRun status = run("status");
        assertThat(status.out())
                .containsPattern("Slot B \\(running, boots next\\): +v0\\.3\\.0\n")
                .containsPattern("Update: +success, v0.2.0 -> v0.3.0");
    }

    @Test
    void statusRightAfterActivateTellsTheRunningSlotFromTheOneBootingNext() throws IOException {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");

        // Issue #11 fix 7: B used to be called "active" while A was still the one running.
        CommandRun status = run("status");
        assertThat(status.out())
                .containsPattern("Slot A \\(running\\): +v0\\.2\\.0\n")
                .containsPattern("Slot B \\(boots next\\): +v0\\.3\\.0\n");
        JsonNode json = new ObjectMapper().readTree(run("status", "--json").out());
        assertThat(json.at("/boot/running_slot").asText()).isEqualTo("A");
        assertThat(json.at("/boot/running_slot_from").asText()).isEqualTo("grub_environment");
        assertThat(json.at("/boot/next_slot").asText()).isEqualTo("B");
        assertThat(json.at("/slots/A/running").asBoolean()).isTrue();
        assertThat(json.at("/slots/A/boots_next").asBoolean()).isFalse();
        assertThat(json.at("/slots/B/running").asBoolean()).isFalse();
        assertThat(json.at("/slots/B/boots_next").asBoolean()).isTrue();

        run("simulate", "boot");
        assertThat(run("status").out())
                .containsPattern("Slot B \\(running, boots next\\): +v0\\.3\\.0\n")
                .containsPattern("Slot A: +v0\\.2\\.0\n");
    }

    @Test
    void theKernelCommandLineSaysWhichSlotIsRunning() throws IOException {
        // GRUB fell back to A after three failed boots of B: the variables alone would say B runs.
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        Path cmdline = Path.of(device.rootArg()).resolve("proc/cmdline");
        Files.createDirectories(cmdline.getParent());
        Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz kubesolo.slot=A console=ttyS0\n");

        JsonNode json = new ObjectMapper().readTree(run("status", "--json").out());

        assertThat(json.at("/boot/running_slot").asText()).isEqualTo("A");
        assertThat(json.at("/boot/running_slot_from").asText()).isEqualTo("kernel_command_line");
        Files.writeString(cmdline, "kubesolo.slot=B\n");
        assertThat(new ObjectMapper()
                        .readTree(run("status", "--json").out())
                        .at("/boot/running_slot")
                        .asText())
                .isEqualTo("B");
    }

    @Test
    void activateRefusesWhenNothingIsStagedAndTouchesNothing() throws IOException {
        byte[] grubenv = device.grubenvBytes();
        CommandRun idle = run("activate");
        assertThat(idle.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(idle.err())
                .isEqualTo("kubesolo-update: nothing to activate: the update state is 'idle', not"
                        + " 'staged'; run apply first\n");

        device.stage("B", "v0.2.0", "v0.3.0");
        Files.delete(device.slot("B").resolve("kubesolo-os.gz"));
        CommandRun incomplete = run("activate");
        assertThat(incomplete.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(incomplete.err()).contains("passive slot B does not hold a complete system");

        device.writeSlot("B", "v0.9.9");
        CommandRun otherVersion = run("activate");
        assertThat(otherVersion.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(otherVersion.err()).contains("passive slot B holds v0.9.9, but the staged update is v0.3.0");

        assertThat(device.grubenvBytes()).isEqualTo(grubenv);
        assertThat(device.state().phase()).isEqualTo(Phase.STAGED);
    }

    @Test
    void failedChecksAreCountedThenAutoRollbackPointsGrubBack() {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        run("simulate", "boot");

        CommandRun first = run("healthcheck", "--healthcheck-url", FAILING_URL, "--auto-rollback-after", "2");
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(first.out()).contains("healthcheck_url:").contains("FAILED");
        UpdateState afterFirst = device.state();
        assertThat(afterFirst.phase()).isEqualTo(Phase.VERIFYING);
        assertThat(afterFirst.healthCheckFailures()).isEqualTo(1);
        assertThat(afterFirst.lastError()).startsWith("health check failed (1 time): healthcheck_url:");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.B, 2, false));

        CommandRun second = run("healthcheck", "--healthcheck-url", FAILING_URL, "--auto-rollback-after", "2");
        assertThat(second.exitCode()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(second.out()).contains("rolled back to slot A");
        UpdateState rolledBack = device.state();
        assertThat(rolledBack.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(rolledBack.healthCheckFailures()).isEqualTo(2);
        assertThat(rolledBack.lastError())
                .contains("health check failed (2 times)")
                .contains("rolled back to slot A");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
        assertThat(run("simulate", "boot").out()).contains("GRUB boots slot A");
    }

    @Test
    void withoutAutoRollbackGrubFallsBackAfterThreeUnconfirmedBootsAndTheFirstHealthcheckConfirmsTheGoodSlot() {
        fallBackFromABrokenSlotB();

        CommandRun afterFallback = run("healthcheck");

        // Issue #11 fix 1: this run used to exit 1 and leave boot_success=0, boot_counter=2, so
        // the good slot had two unconfirmed boots left before GRUB switched back to the broken one.
        assertThat(afterFallback.exitCode()).as(afterFallback.toString()).isZero();
        assertThat(afterFallback.out())
                .contains(
                        "slot A boots v0.2.0, not v0.3.0: GRUB fell back",
                        "the boot of slot A (v0.2.0) is healthy and confirmed");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
        UpdateState rolledBack = device.state();
        assertThat(rolledBack.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(rolledBack.lastError())
                .isEqualTo("slot A boots v0.2.0, not v0.3.0: GRUB fell back or the" + " activation did not reach it");
        assertThat(run("simulate", "boot").out()).contains("GRUB boots slot A");
    }

    @Test
    void anUnhealthySlotAfterTheFallbackIsRecordedButNotConfirmed() {
        fallBackFromABrokenSlotB();

        CommandRun afterFallback = run("healthcheck", "--healthcheck-url", FAILING_URL);

        assertThat(afterFallback.exitCode()).as(afterFallback.toString()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(device.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 2, false));
    }

    private void fallBackFromABrokenSlotB() {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        for (int boot = 0; boot < 3; boot++) {
            assertThat(run("simulate", "boot").out()).contains("GRUB boots slot B");
            assertThat(run("healthcheck", "--healthcheck-url", FAILING_URL).exitCode())
                    .isEqualTo(ExitCodes.UNHEALTHY);
        }
        assertThat(run("simulate", "boot").out()).contains("GRUB boots slot A");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 2, false));
    }

    @Test
    void healthcheckJsonGivesTheVerdictAndEveryCheck() throws Exception {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        run("simulate", "boot");

        CommandRun failed = run("healthcheck", "--json", "--healthcheck-url", FAILING_URL);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.UNHEALTHY);
        JsonNode report = new ObjectMapper().readTree(failed.out());
        assertThat(report.get("verdict").asText()).isEqualTo("failed");
        assertThat(report.get("healthy").asBoolean()).isFalse();
        assertThat(report.get("message").asText()).startsWith("health check failed (1 time)");
        assertThat(report.get("checks"))
                .extracting(check ->
                        check.get("name").asText() + "=" + check.get("status").asText())
                .containsExactly(
                        "containerd=skipped",
                        "api_server=skipped",
                        "node_ready=skipped",
                        "kube_system_pods=skipped",
                        "healthcheck_url=failed",
                        "data_partition=passed");

        CommandRun confirmed = run("healthcheck", "--json");
        assertThat(confirmed.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(confirmed.out()).get("verdict").asText())
                .isEqualTo("confirmed");
    }

    @Test
    void everyHealthyBootIsConfirmedEvenWithoutAnUpdate() {
        for (int boot = 0; boot < 5; boot++) {
            run("simulate", "boot");
            assertThat(run("healthcheck").exitCode()).isZero();
        }
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
        assertThat(device.state().phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void manualRollbackPointsAtTheOtherCompleteSlot() {
        CommandRun refused = run("rollback");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("cannot roll back: slot B does not hold a complete system");

        device.writeSlot("B", "v0.1.0");
        CommandRun rollback = run("rollback");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.B, 3, true));
        assertThat(device.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(device.state().lastError()).isEqualTo("manual rollback");
    }

    @Test
    void aRollbackRunAgainDoesNotUndoItself() {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        run("simulate", "boot");
        assertThat(run("healthcheck").exitCode()).isZero();

        assertThat(run("rollback").out()).contains("slot A boots next");
        CommandRun again = run("rollback");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("slot A boots next");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
    }

    @Test
    void aRollbackCutBeforeItReachedGrubIsCompletedByTheNextHealthcheck() {
        device.stage("B", "v0.2.0", "v0.3.0");
        run("activate");
        run("simulate", "boot");
        // What a power cut between rollback's two writes leaves: the state says rolled_back, GRUB boots B.
        device.writeState(device.state().rollBack("manual rollback", java.time.Instant.parse("2026-11-27T11:00:00Z")));

        CommandRun health = run("healthcheck");
        assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(health.out())
                .contains("the rollback the state records had not reached GRUB (manual rollback);"
                        + " slot A boots next");
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.A, 3, true));
    }

    @Test
    void corruptGrubEnvironmentIsReportedAndNeverOverwritten() throws IOException {
        device.stage("B", "v0.2.0", "v0.3.0");
        byte[] junk = new byte[1024];
        java.util.Arrays.fill(junk, (byte) 'x');
        Files.write(device.grubenv(), junk);

        CommandRun activate = run("activate");
        assertThat(activate.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(activate.err())
                .startsWith("kubesolo-update: GRUB environment ")
                .contains("is not a valid block");
        assertThat(Files.readAllBytes(device.grubenv())).isEqualTo(junk);
        assertThat(device.state().phase()).isEqualTo(Phase.STAGED);

        CommandRun status = run("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).containsPattern("Boot: +unknown: GRUB environment");
        CommandRun json = run("status", "--json");
        assertThat(json.out()).contains("\"error\" : \"GRUB environment");
    }

    @Test
    void corruptStateFileReadsAsIdleWithAWarning() throws IOException {
        Files.writeString(device.stateFile(), "{\"phase\": ");
        CommandRun status = run("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).containsPattern("Update: +idle");
        assertThat(status.err())
                .contains("kubesolo-update: warning: state file")
                .contains("reading it as idle");
    }

    @Test
    void metricsReportThePhaseAndBootVariables() {
        device.stage("B", "v0.2.0", "v0.3.0");
        CommandRun metrics = run("metrics");
        assertThat(metrics.exitCode()).isZero();
        assertThat(metrics.out())
                .contains("kubesolo_update_phase{phase=\"staged\"} 1\n")
                .contains("kubesolo_update_phase{phase=\"idle\"} 0\n")
                .contains("kubesolo_update_attempts_total 1\n")
                .contains("kubesolo_update_boot_slot{slot=\"A\"} 1\n")
                .contains("kubesolo_update_slot_info{slot=\"B\",version=\"v0.3.0\"} 1\n");
    }

    @Test
    void simulateRefusesTheRealRoot() {
        CommandRun run = CommandRun.of("simulate", "boot", "--root", "/");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .isEqualTo("kubesolo-update: simulate works on a simulated device only: give --root DIR\n");
    }

    @Test
    void anUnknownUpdateConfKeyWarnsWithTheNearestKnownKeyAndTheCommandGoesOn() throws IOException {
        device.appendConf("auto_rolback_after=2");
        int line = Files.readAllLines(device.conf()).size();
        CommandRun status = run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.err())
                .isEqualTo("kubesolo-update: warning: " + device.conf() + " line "
                        + line + ": unknown key 'auto_rolback_after' ignored; did you mean"
                        + " 'auto_rollback_after'?\n");
    }
}
