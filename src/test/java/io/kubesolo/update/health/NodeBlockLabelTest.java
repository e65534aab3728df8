package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.cli.ExitCodes;
import io.kubesolo.update.state.Phase;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node block label gate (spec §8) against an API server answering the real node path: a node
 * labelled {@code updates.kubesolo.io/block=true} refuses apply, {@code --force} skips the gate,
 * and an unreachable cluster does not block updates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeBlockLabelTest {

    @TempDir
    Path temp;

    private SimulatedDevice device;

    @BeforeEach
    void deviceWithAReleaseOnItsUsbStick() throws Exception {
        device = SimulatedDevice.create(temp.resolve("device"), "v0.2.0");
        ReleasePush.onUsbStick(device, temp, "v0.3.0", 100_000, 3);
        device.appendConf("registry=" + ReleasePush.USB_STICK);
        device.appendConf("tag=stable");
        device.appendConf("node_name=edge-1");
    }

    private static String node(boolean blocked) {
        return TestResources.text("node-ready.json")
                .replace(
                        "\"kubernetes.io/os\": \"linux\"",
                        "\"kubernetes.io/os\": \"linux\", \"updates.kubesolo.io/block\": \"" + blocked + "\"");
    }

    @Test
    void aBlockedNodeRefusesApplyUnlessForced() {
        try (FakeApiServer api = FakeApiServer.http()) {
            api.answer("/api/v1/nodes/edge-1", 200, node(true));
            device.appendConf("api_server=" + api.url());

            CommandRun refused = CommandRun.of("apply", "--root", device.rootArg());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.err())
                    .contains("kubesolo-update: refused by the node block label gate: the node is"
                            + " labelled updates.kubesolo.io/block=true");
            assertThat(device.state().phase()).isEqualTo(Phase.FAILED);
            assertThat(device.slot("B")).isEmptyDirectory();

            CommandRun forced = CommandRun.of("apply", "--root", device.rootArg(), "--force");
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(device.state().phase()).isEqualTo(Phase.STAGED);
        }
    }

    @Test
    void aNodeWhoseLabelIsNotTrueIsNotBlocked() {
        try (FakeApiServer api = FakeApiServer.http()) {
            api.answer("/api/v1/nodes/edge-1", 200, node(false));
            device.appendConf("api_server=" + api.url());

            CommandRun check = CommandRun.of("check", "--root", device.rootArg());
            assertThat(check.exitCode()).as(check.toString()).isZero();
            assertThat(check.out()).contains("node block label: ok (updates.kubesolo.io/block=false)");
        }
    }

    @Test
    void anUnreachableClusterDoesNotBlockTheUpdate() {
        device.appendConf("api_server=http://127.0.0.1:1");

        CommandRun apply = CommandRun.of("apply", "--root", device.rootArg());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.err()).contains("warning: cannot read the labels of node edge-1");
        assertThat(device.state().phase()).isEqualTo(Phase.STAGED);
    }
}
