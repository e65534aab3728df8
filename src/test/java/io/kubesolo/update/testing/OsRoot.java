package io.kubesolo.update.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal OS image in a directory, as KubeSolo OS provides it to the agent: glibc
 * ({@code scripts/glibc-root.sh}), busybox (the machine's static {@code /bin/busybox}, every
 * applet linked in {@code /bin}) and a distribution tarball unpacked at its root with
 * {@code tar -x}, as an OS build installs it. Commands run chrooted into it with /proc and /dev
 * ({@code scripts/in-root.sh}). Needs root, util-linux and busybox-static on the machine.
 */
public final class OsRoot {

    /** The distribution's tarballs, written by the package step (scripts/package-dist.sh). */
    public static final Path DIST = Path.of("target/dist").toAbsolutePath();

    private static final Path SCRIPTS = Path.of("scripts").toAbsolutePath();
    private static final String BUSYBOX = "/bin/busybox";

    private final Path root;

    private OsRoot(Path root) {
        this.root = root;
    }

    /** The tarball of {@code architecture} (amd64, arm64) in target/dist; fails the test when it is missing. */
    public static Path tarball(String architecture) throws IOException {
        try (var files = Files.list(DIST)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-linux-" + architecture + ".tar.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + architecture + " tarball in " + DIST
                            + "; build it with mvn package (arm64 after scripts/install-test-deps.sh)"));
        }
    }

    /** An OS root at {@code root} for {@code architecture}, with {@code tarball} unpacked into it. */
    public static OsRoot install(Path tarball, Path root, String architecture)
            throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("bin"));
        Processes.output(List.of(SCRIPTS.resolve("glibc-root.sh").toString(), architecture, root.toString()));
        Files.copy(Path.of(BUSYBOX), root.resolve("bin/busybox"));
        OsRoot os = new OsRoot(root);
        os.expectSuccess(Map.of(), BUSYBOX, "--install", "/bin");
        Processes.output(List.of("tar", "-xzf", tarball.toString(), "-C", root.toString()));
        return os;
    }

    /** Copies this root to {@code target} with {@code cp}: with {@code -a}, or {@code -r} (times not kept). */
    public OsRoot copyTo(Path target, boolean keepTimes) throws IOException, InterruptedException {
        Processes.output(List.of("cp", keepTimes ? "-a" : "-r", root.toString(), target.toString()));
        return new OsRoot(target);
    }

    public Path path() {
        return root;
    }

    /** Runs {@code command} (absolute paths are the image's) chrooted into this root, {@code environment} added. */
    public Processes.Result run(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(
                SCRIPTS.resolve("in-root.sh").toString(), root.toString(), BUSYBOX, "env", "-i", "PATH=/usr/bin:/bin"));
        environment.forEach((name, value) -> full.add(name + "=" + value));
        full.addAll(List.of(command));
        return Processes.run(full, Map.of(), null, null);
    }

    /** As {@link #run}, failing the test on a non-zero exit; returns the result for its output. */
    public Processes.Result expectSuccess(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Processes.Result result = run(environment, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + " in " + root + ": "
                    + result.stdout() + result.stderr());
        }
        return result;
    }
}
