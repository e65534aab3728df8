package io.kubesolo.update.health;

import io.kubesolo.update.health.CheckResult.Verdict;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * containerd is running: its socket exists and accepts a connection. KubeSolo links its own
 * containerd's socket to {@code /run/containerd/containerd.sock} once containerd answers, so the
 * default path only accepts connections from a containerd that came up.
 */
public final class ContainerdCheck extends ProbingCheck {

    public static final String NAME = "containerd";

    private final Path socket;

    /** @param socket the socket on this machine, already resolved under the device root */
    public ContainerdCheck(Path socket) {
        super(NAME);
        this.socket = socket;
    }

    @Override
    Verdict probe() throws IOException {
        if (!Files.exists(socket)) {
            return Verdict.failed("no containerd socket at " + socket + " (containerd is not running)");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return Verdict.passed("containerd socket " + socket + " accepts connections");
        } catch (IOException e) {
            return Verdict.failed("containerd socket " + socket + " does not accept connections: " + e.getMessage());
        }
    }
}
