package io.kubesolo.update.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.OsRoot;
import io.kubesolo.update.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-boot hook as the amd64 tarball installs it (/usr/lib/kubesolo-update/first-boot), run
 * by busybox sh in a root of glibc, busybox and the tarball, boot after boot: the first writes
 * update.conf from the user data and leaves the stamp the systemd unit's condition names; later
 * boots change nothing, even when the user data changed or an operator edited update.conf.
 */
@Tag("system")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FirstBootIT {

    private static final String HOOK = "/usr/lib/kubesolo-update/first-boot";
    private static final String USER_DATA = "/var/lib/cloud/seed/nocloud/user-data";
    private static final String STAMP = "/var/lib/kubesolo/update/first-boot.done";
    private static final String CONF = "etc/kubesolo/update.conf";

    @TempDir
    Path temp;

    private OsRoot machine() throws IOException, InterruptedException {
        return OsRoot.install(OsRoot.tarball("amd64"), temp.resolve("root"), "amd64");
    }

    private static void userData(OsRoot os, String text) throws IOException {
        Path file = os.path().resolve(USER_DATA.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Processes.Result boot(OsRoot os) throws IOException, InterruptedException {
        return os.run(Map.of(), HOOK);
    }

    @Test
    void cloudInitRunsAtTheFirstBootAndNeverAgain() throws IOException, InterruptedException {
        OsRoot os = machine();
        userData(os, "#cloud-config\nupdates:\n  server: https://updates.example.com/kubesolo\n  channel: stable\n");

        Processes.Result first = boot(os);

        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        String written = Files.readString(os.path().resolve(CONF));
        assertThat(written).contains("server=https://updates.example.com/kubesolo", "channel=stable");
        assertThat(Files.readString(os.path().resolve(STAMP.substring(1))))
                .contains("cloud-init from " + USER_DATA + " into /etc/kubesolo/update.conf");

        Files.writeString(os.path().resolve(CONF), written + "maintenance_window=02:00-05:00\n");
        userData(os, "#cloud-config\nupdates:\n  server: https://elsewhere.example.com\n");
        Processes.Result second = boot(os);

        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        assertThat(second.stdout()).contains("already ran");
        assertThat(Files.readString(os.path().resolve(CONF)))
                .as("the operator's edit stays, the changed user data is not read")
                .isEqualTo(written + "maintenance_window=02:00-05:00\n");
    }

    @Test
    void userDataThatFailsIsTriedAgainAtTheNextBootAndNoStampIsLeft() throws IOException, InterruptedException {
        OsRoot os = machine();
        userData(os, "#cloud-config\nupdates:\n  Server: not snake case\n");

        Processes.Result first = boot(os);

        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stdout()).contains("failed; no stamp written, the next boot tries again");
        assertThat(os.path().resolve(STAMP.substring(1))).doesNotExist();
        assertThat(os.path().resolve(CONF)).doesNotExist();

        userData(os, "#cloud-config\nupdates:\n  server: https://updates.example.com/kubesolo\n");
        Processes.Result second = boot(os);

        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        assertThat(Files.readString(os.path().resolve(CONF))).contains("server=https://updates.example.com/kubesolo");
        assertThat(os.path().resolve(STAMP.substring(1))).exists();
    }

    @Test
    void aFirstBootWithoutUserDataCountsAsTheFirstBoot() throws IOException, InterruptedException {
        OsRoot os = machine();

        Processes.Result first = boot(os);

        assertThat(first.exitCode()).isZero();
        assertThat(first.stdout()).contains("no user data at " + USER_DATA);
        assertThat(os.path().resolve(CONF)).doesNotExist();
        userData(os, "#cloud-config\nupdates:\n  server: https://late.example.com\n");
        assertThat(boot(os).stdout()).contains("already ran");
        assertThat(os.path().resolve(CONF)).doesNotExist();
    }

    @Test
    void theSystemdUnitRunsTheHookUnlessItsStampIsThere() throws IOException {
        String unit = Files.readString(Path.of("packaging/systemd/kubesolo-update-cloud-init.service"));

        assertThat(unit.lines().toList())
                .contains("ExecStart=" + HOOK, "ConditionPathExists=!" + STAMP, "Type=oneshot");
        assertThat(Files.readString(Path.of("packaging/init/first-boot")))
                .contains(
                        "stamp_dir=" + Path.of(STAMP).getParent(),
                        "stamp=$stamp_dir/" + Path.of(STAMP).getFileName(),
                        "user_data=${1:-" + USER_DATA + "}");
        assertThat(Files.readString(Path.of("docs/os-image.md")))
                .as("the boot script's call")
                .contains(HOOK);
    }
}
