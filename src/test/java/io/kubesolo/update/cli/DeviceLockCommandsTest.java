package io.kubesolo.update.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.fs.DeviceLock;
import io.kubesolo.update.grub.BootState;
import io.kubesolo.update.slot.SlotName;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.SimulatedDevice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command at a time changes a device: a second apply, activate, rollback or post-activation
 * healthcheck is refused with exit 4 naming the holder; a lock whose holder died is free again.
 * The holder is a real separate process (python's {@code fcntl.lockf}, the same POSIX record lock
 * as Java's {@code FileChannel.tryLock}), or the test JVM itself.
 */
@Tag("system")
@Timeout(60)
class DeviceLockCommandsTest {

    @TempDir
    Path directory;

    private SimulatedDevice device;

    @BeforeEach
    void createDevice() {
        device = SimulatedDevice.create(directory.resolve("device"), "v0.2.0");
        device.stage("B", "v0.2.0", "v0.3.0");
    }

    @Test
    void everyChangingCommandIsRefusedWhileAnotherProcessHoldsTheLockAndRunsOnceItDies() throws Exception {
        Process holder = holdLock();
        try {
            byte[] grubenv = device.grubenvBytes();
            for (List<String> command : List.of(
                    List.of("activate"), List.of("rollback"), List.of("apply", "--server", "http://127.0.0.1:1"))) {
                CommandRun run = run(command.toArray(String[]::new));
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BUSY);
                assertThat(run.err())
                        .isEqualTo("kubesolo-update: another kubesolo-update command (pid "
                                + holder.pid() + ", apply) is changing the device and holds "
                                + device.root().resolve("var/lib/kubesolo/update/lock")
                                + "; try again when it has finished\n");
            }
            assertThat(device.grubenvBytes()).isEqualTo(grubenv);
            assertThat(device.state().phase()).isEqualTo(Phase.STAGED);
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        // kill -9 left the file with its pid in it; the kernel released the lock with the process.
        CommandRun activate = run("activate");
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
        assertThat(device.boot()).isEqualTo(new BootState(SlotName.B, 3, false));
    }

    @Test
    void aSecondCommandInTheSameProcessIsRefusedToo() {
        try (DeviceLock held = DeviceLock.acquire(device.root().resolve("var/lib/kubesolo/update/lock"), "apply")) {
            CommandRun run = run("activate");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.BUSY);
            assertThat(run.err()).contains("(pid " + ProcessHandle.current().pid() + ", apply)");
        }
        assertThat(run("activate").exitCode()).isZero();
    }

    @Test
    void healthcheckAfterAnActivationIsRefusedButOutsideOneOnlyReports() throws Exception {
        Process holder = holdLock();
        try {
            byte[] grubenv = device.grubenvBytes();
            CommandRun outside = run("healthcheck");
            assertThat(outside.exitCode()).as(outside.toString()).isZero();
            assertThat(outside.out())
                    .contains("healthy; boot not confirmed: another kubesolo-update command (pid " + holder.pid());
            assertThat(device.grubenvBytes()).isEqualTo(grubenv);

            device.writeState(device.state().activate(java.time.Instant.parse("2026-11-27T10:01:00Z")));
            CommandRun after = run("healthcheck");
            assertThat(after.exitCode()).as(after.toString()).isEqualTo(ExitCodes.BUSY);
            assertThat(device.state().phase()).isEqualTo(Phase.ACTIVATED);
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A python3 process that takes the device lock, writes "pid apply" as the agent would, and waits. */
    private Process holdLock() throws Exception {
        Path lock = device.root().resolve("var/lib/kubesolo/update/lock");
        String script = """
                        import fcntl, os, sys, time
                        f = open(sys.argv[1], 'a+')
                        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        f.truncate(0); f.write('%d apply\\n' % os.getpid()); f.flush()
                        print('locked', flush=True)
                        time.sleep(60)\
                        """;
        Process process = new ProcessBuilder("python3", "-c", script, lock.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            process.destroyForcibly();
            throw new AssertionError("the lock holder did not start: " + line);
        }
        return process;
    }

    private CommandRun run(String... args) {
        String[] withRoot = new String[args.length + 2];
        System.arraycopy(args, 0, withRoot, 0, args.length);
        withRoot[args.length] = "--root";
        withRoot[args.length + 1] = device.rootArg();
        return CommandRun.of(withRoot);
    }
}
