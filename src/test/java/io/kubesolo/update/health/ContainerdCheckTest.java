package io.kubesolo.update.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.health.CheckResult.Status;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ContainerdCheckTest {

    @TempDir
    Path directory;

    @Test
    void passesWhenTheSocketAcceptsConnections() throws Exception {
        Path socket = directory.resolve("containerd.sock");
        try (ServerSocketChannel containerd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            containerd.bind(UnixDomainSocketAddress.of(socket));

            CheckResult result = new ContainerdCheck(socket).run();

            assertThat(result.status()).isEqualTo(Status.PASSED);
            assertThat(result.detail()).isEqualTo("containerd socket " + socket + " accepts connections");
        }
    }

    @Test
    void failsWhenThereIsNoSocket() {
        Path socket = directory.resolve("containerd.sock");

        CheckResult result = new ContainerdCheck(socket).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail()).isEqualTo("no containerd socket at " + socket + " (containerd is not running)");
    }

    @Test
    void failsWhenTheSocketIsLeftOverFromAContainerdThatExited() throws Exception {
        Path socket = directory.resolve("containerd.sock");
        try (ServerSocketChannel containerd = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            containerd.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();

        CheckResult result = new ContainerdCheck(socket).run();

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.detail())
                .startsWith("containerd socket " + socket + " does not accept connections: ")
                .contains("Connection refused");
    }
}
