package io.kubesolo.update.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.cli.ExitCodes;
import io.kubesolo.update.oci.MediaTypes;
import io.kubesolo.update.oci.OciLayout;
import io.kubesolo.update.oci.ReleaseAnnotations;
import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.DrippingServer;
import io.kubesolo.update.testing.FaultServer;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.Digest;
import io.kubesolo.update.verify.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken inputs, each fed to the command that reads it: latest.json, OCI manifests and
 * indexes, signatures, keys, update.conf, the GRUB environment, state.json and the network. For
 * each the program must print one clear line (besides warnings and progress), exit with the
 * documented status, and lose nothing: the active slot and the GRUB environment are byte for byte
 * what they were, and the passive slot holds no version (nothing staged). Nothing may land outside
 * the device's own files either (a path-like name must never become a path).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BadInputCorpusTest {

    private static final String RUNNING = "v0.2.0";
    private static final String LAYOUT = "/media/usb/release";
    private static final byte[] KERNEL = randomBytes(200_000, 3);
    private static final byte[] INITRAMFS = randomBytes(300_000, 4);

    @TempDir
    Path temp;

    /**
     * One hostile input: how to plant it, which command reads it, what must come out, and what
     * else must hold afterwards (a file outside the device untouched, a secret never repeated).
     */
    record Case(String name, Plant plant, Command command, int exit, String message, After after) {

        Case(String name, Plant plant, Command command, int exit, String message) {
            this(name, plant, command, exit, message, (bench, run) -> {});
        }
    }

    @FunctionalInterface
    interface Plant {
        void into(Bench bench) throws Exception;
    }

    @FunctionalInterface
    interface After {
        void check(Bench bench, CommandRun run) throws Exception;
    }

    /**
     * What reads the input. {@code CHECK} and {@code STATUS} report on stdout: the message is
     * looked for there, and no error line is expected. {@code RAW} runs exactly the bench's flags.
     */
    enum Command {
        APPLY_HTTP,
        APPLY_OCI,
        ACTIVATE,
        ROLLBACK,
        HEALTHCHECK,
        CHECK,
        CHECK_OCI,
        STATUS,
        RAW;
    }

    /** The device and the server one case runs against. */
    static final class Bench implements AutoCloseable {
        final SimulatedDevice device;
        final FaultServer server;
        final List<String> extraFlags = new ArrayList<>();
        /** Servers a case started, stopped after it. */
        final List<AutoCloseable> closeAfter = new ArrayList<>();
        /** For the release side's files (keys, files to sign) and for victims of planted links: not the device. */
        final Path scratch;

        Bench(SimulatedDevice device, FaultServer server) {
            this.device = device;
            this.server = server;
            this.scratch = device.root().resolveSibling("release-side");
        }

        Path path(String devicePath) {
            return device.root().resolve(devicePath.substring(1));
        }

        Path kernelBlob() {
            return layoutDirectory()
                    .resolve("blobs/sha256")
                    .resolve(Digest.of(KERNEL).hex());
        }

        /** A file outside the device that a planted link points at; it must come out unchanged. */
        Path victim() throws IOException {
            Files.createDirectories(scratch);
            Path victim = scratch.resolve("victim");
            if (!Files.exists(victim)) {
                Files.writeString(victim, "the victim's own bytes\n");
            }
            return victim;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable resource : closeAfter) {
                resource.close();
            }
        }

        void latest(String json) {
            server.serve("/latest.json", json.getBytes(StandardCharsets.UTF_8));
        }

        void latest(byte[] bytes) {
            server.serve("/latest.json", bytes);
        }

        /** A release layout on the device's USB stick whose tag {@code stable} names {@code manifest}. */
        void layout(byte[] manifest) {
            layout(manifest, MediaTypes.OCI_MANIFEST);
        }

        void layout(byte[] manifest, String mediaType) {
            Path directory = device.root().resolve(LAYOUT.substring(1));
            String digest = blob(directory, manifest);
            blob(directory, KERNEL);
            blob(directory, INITRAMFS);
            blob(directory, "{}".getBytes(StandardCharsets.UTF_8));
            index(
                    directory,
                    "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{"
                            + "\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":"
                            + manifest.length
                            + ",\"annotations\":{\"" + OciLayout.REF_NAME + "\":\"stable\"}}]}");
        }

        void index(Path directory, String json) {
            write(
                    directory.resolve("oci-layout"),
                    "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            write(directory.resolve("index.json"), json.getBytes(StandardCharsets.UTF_8));
        }

        Path layoutDirectory() {
            return device.root().resolve(LAYOUT.substring(1));
        }

        void conf(String line) {
            device.appendConf(line);
        }

        void file(String devicePath, byte[] content) {
            write(device.root().resolve(devicePath.substring(1)), content);
        }

        private static String blob(Path layout, byte[] content) {
            String hex = Digest.of(content).hex();
            write(layout.resolve("blobs/sha256").resolve(hex), content);
            return "sha256:" + hex;
        }

        private static void write(Path file, byte[] content) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputFailsCleanlyAndLosesNothing() {
        return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> runCase(c)));
    }

    /** The cases made with {@code mkfifo}, a program outside the JDK. */
    @TestFactory
    @Tag("system")
    Stream<DynamicTest> everyFifoInputFailsCleanlyAndLosesNothing() {
        return fifoCorpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> runCase(c)));
    }

    static List<Case> fifoCorpus() {
        List<Case> cases = new ArrayList<>();
        int failed = ExitCodes.FAILED;
        cases.add(new Case(
                "layout: the kernel blob a FIFO",
                b -> mkfifo(b.kernelBlob()),
                Command.APPLY_OCI,
                failed,
                "is not a regular file"));
        cases.add(new Case(
                "layout: index.json a FIFO",
                b -> mkfifo(b.layoutDirectory().resolve("index.json")),
                Command.APPLY_OCI,
                failed,
                "index.json is not a regular file"));
        cases.add(new Case(
                "sign --key a FIFO",
                b -> {
                    Path file = releaseFile(b);
                    mkfifo(b.scratch.resolve("fifo.key"));
                    b.extraFlags.addAll(List.of(
                            "sign", "--key", b.scratch.resolve("fifo.key").toString(), file.toString()));
                },
                Command.RAW,
                failed,
                "fifo.key: not a regular file"));
        return cases;
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        int failed = ExitCodes.FAILED;
        int refused = ExitCodes.REFUSED;

        // --- latest.json ---------------------------------------------------------------------
        cases.add(new Case(
                "latest.json cut off mid-document",
                b -> b.latest("{\"version\": \"v0.3.0\","),
                Command.APPLY_HTTP,
                failed,
                "is not valid JSON"));
        cases.add(new Case("latest.json empty", b -> b.latest(""), Command.APPLY_HTTP, failed, "is not a JSON object"));
        cases.add(new Case(
                "latest.json is an array",
                b -> b.latest("[1, 2, 3]"),
                Command.APPLY_HTTP,
                failed,
                "is not a JSON object"));
        cases.add(new Case(
                "latest.json is null", b -> b.latest("null"), Command.APPLY_HTTP, failed, "is not a JSON object"));
        cases.add(new Case(
                "latest.json names version twice",
                b -> b.latest(latest(Map.of(), "\"version\": \"v9.9.9\", ")),
                Command.APPLY_HTTP,
                failed,
                "Duplicate field 'version'"));
        cases.add(new Case(
                "latest.json nested 100000 deep",
                b -> b.latest("{\"x\":" + "[".repeat(100_000)),
                Command.APPLY_HTTP,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "latest.json not UTF-8",
                b -> b.latest(concat(
                        "{\"version\": \"v0.3.0".getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xff, (byte) 0xfe},
                        "\"}".getBytes(StandardCharsets.UTF_8))),
                Command.APPLY_HTTP,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "latest.json trailing garbage",
                b -> b.latest(latest(Map.of()) + "}{"),
                Command.APPLY_HTTP,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "version is a number",
                b -> b.latest(latest(Map.of("version", "3"))),
                Command.APPLY_HTTP,
                failed,
                "is not a version"));
        cases.add(new Case(
                "version missing",
                b -> b.latest(latest(Map.of("version", "null"))),
                Command.APPLY_HTTP,
                failed,
                "has no 'version'"));
        cases.add(new Case(
                "version with a NUL",
                b -> b.latest(latest(Map.of("version", "\"v0.3.0\\u0000\""))),
                Command.APPLY_HTTP,
                failed,
                "is not a version"));
        cases.add(new Case(
                "version overflows",
                b -> b.latest(latest(Map.of("version", "\"v99999999999999999999.0.0\""))),
                Command.APPLY_HTTP,
                failed,
                "is not a version"));
        cases.add(new Case(
                "negative size",
                b -> b.latest(latest(Map.of("vmlinuz_size", "-1"))),
                Command.APPLY_HTTP,
                failed,
                "vmlinuz_size"));
        cases.add(new Case(
                "size beyond a long",
                b -> b.latest(latest(Map.of("initramfs_size", "99999999999999999999999"))),
                Command.APPLY_HTTP,
                failed,
                "initramfs_size"));
        cases.add(new Case(
                "1 PiB initramfs",
                b -> b.latest(latest(Map.of("initramfs_size", Long.toString(1L << 50)))),
                Command.APPLY_HTTP,
                refused,
                "refused by the free space gate"));
        cases.add(new Case(
                "digest of the wrong type",
                b -> b.latest(latest(Map.of("vmlinuz_sha256", "{\"a\": 1}"))),
                Command.APPLY_HTTP,
                failed,
                "vmlinuz_sha256"));
        cases.add(new Case(
                "path-like file URL",
                b -> b.latest(latest(Map.of("vmlinuz_url", "\"../../etc/passwd\""))),
                Command.APPLY_HTTP,
                failed,
                "HTTP 404"));
        cases.add(new Case(
                "file: URL",
                b -> b.latest(latest(Map.of("initramfs_url", "\"file:///etc/shadow\""))),
                Command.APPLY_HTTP,
                failed,
                "is not an http:// or https:// URL"));
        cases.add(new Case(
                "channel with a newline",
                b -> {
                    b.conf("channel=stable");
                    b.latest(latest(Map.of("channel", "\"stable\\nkubesolo-update: staged v9 into slot B\"")));
                },
                Command.APPLY_HTTP,
                refused,
                "release channel 'stable\\nkubesolo-update: staged v9 into slot B'"));
        // An informational field decides nothing: both sources read a calendar date, and warn about
        // anything else and report the release without it (issue #12 item 6).
        for (Command check : List.of(Command.CHECK, Command.CHECK_OCI)) {
            cases.add(new Case(
                    "release_date a calendar date (" + check + ")",
                    b -> releaseDate(b, "2026-02-20"),
                    check,
                    ExitCodes.SUCCESS,
                    "released 2026-02-20T00:00:00Z",
                    (b, run) -> assertThat(run.err()).doesNotContain("warning")));
            cases.add(new Case(
                    "release_date not a date (" + check + ")",
                    b -> releaseDate(b, "20 Feb 2026"),
                    check,
                    ExitCodes.SUCCESS,
                    "available: v0.3.0",
                    (b, run) -> assertThat(run.err())
                            .contains("kubesolo-update: warning: ")
                            .contains("release_date '20 Feb 2026' is not an RFC 3339 date; ignoring it")));
        }
        cases.add(new Case(
                "chunk index URL without its digest",
                b -> b.latest(latest(Map.of("initramfs_chunks_url", "\"kubesolo-os.gz.chunks.json\""))),
                Command.APPLY_HTTP,
                failed,
                "has no 'initramfs_chunks_sha256'"));
        cases.add(new Case(
                "chunk index digest not hex",
                b -> b.latest(latest(Map.of(
                        "initramfs_chunks_url",
                        "\"kubesolo-os.gz.chunks.json\"",
                        "initramfs_chunks_sha256",
                        "\"xyz\""))),
                Command.APPLY_HTTP,
                failed,
                "initramfs_chunks_sha256 is"));

        // --- the network ----------------------------------------------------------------------
        cases.add(new Case(
                "kernel body cut short",
                b -> b.server.on("/vmlinuz", FaultServer.truncated(KERNEL, 1000)),
                Command.APPLY_HTTP,
                failed,
                "broke off at byte 1000 of 200000"));
        cases.add(new Case(
                "kernel body longer than declared",
                b -> b.server.on("/vmlinuz", FaultServer.chunked(concat(KERNEL, new byte[10]), KERNEL.length)),
                Command.APPLY_HTTP,
                failed,
                "is longer than the declared"));
        cases.add(new Case(
                "10 GB Content-Length on latest.json",
                b -> b.server.on("/latest.json", declaredLength(10L << 30, new byte[100])),
                Command.APPLY_HTTP,
                failed,
                "more than the 1048576 allowed"));
        cases.add(new Case(
                "10 GB Content-Length on the kernel",
                b -> b.server.on("/vmlinuz", declaredLength(10L << 30, KERNEL)),
                Command.APPLY_HTTP,
                failed,
                "the server declares 10737418240 bytes"));
        cases.add(new Case(
                "gzip bomb as latest.json",
                b -> b.server.on("/latest.json", gzipBomb()),
                Command.APPLY_HTTP,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "gzip bomb as the kernel",
                b -> b.server.on("/vmlinuz", gzipBomb()),
                Command.APPLY_HTTP,
                failed,
                "vmlinuz"));
        cases.add(new Case(
                "slow loris on latest.json",
                b -> {
                    b.server.on("/latest.json", slowLoris());
                    b.extraFlags.addAll(
                            List.of("--read-timeout", "3s")); // the bound it must trip, without a minute's wait
                },
                Command.APPLY_HTTP,
                failed,
                "still sending"));
        cases.add(new Case(
                "nothing listening",
                b -> b.extraFlags.addAll(List.of("--server", "http://127.0.0.1:1")),
                Command.APPLY_HTTP,
                failed,
                "Connection refused"));
        cases.add(new Case(
                "HTTP 500 on latest.json",
                b -> b.server.on("/latest.json", FaultServer.status(500)),
                Command.APPLY_HTTP,
                failed,
                "HTTP 500"));
        cases.add(new Case(
                "redirect loop",
                b -> b.server.on("/latest.json", FaultServer.redirect("/latest.json")),
                Command.APPLY_HTTP,
                failed,
                "redirect loop"));
        cases.add(new Case(
                "redirect to file:",
                b -> b.server.on("/vmlinuz", FaultServer.redirect("file:///etc/passwd")),
                Command.APPLY_HTTP,
                failed,
                "is not an http:// or https:// URL"));

        // --- servers that never finish an answer (issue 13.1) ----------------------------------------
        cases.add(new Case(
                "latest.json headers dripped",
                b -> b.extraFlags.addAll(List.of(
                        "--server",
                        dripping(b, DrippingServer.headers()).url(),
                        "--read-timeout",
                        "3s",
                        "--download-timeout",
                        "20s")),
                Command.APPLY_HTTP,
                failed,
                "the server did not finish its headers within 3 s"));
        cases.add(new Case(
                "kernel body dripped past the download timeout",
                b -> {
                    b.latest(latest(Map.of(
                            "vmlinuz_url",
                            "\""
                                    + dripping(b, DrippingServer.body("application/octet-stream", KERNEL.length))
                                            .url() + "/vmlinuz\"")));
                    b.extraFlags.addAll(List.of("--read-timeout", "3s", "--download-timeout", "5s"));
                },
                Command.APPLY_HTTP,
                failed,
                "staging did not finish within 5 s"));
        cases.add(new Case(
                "kernel body stalled with a long read timeout: the download timeout ends the waiting read",
                b -> {
                    b.latest(latest(Map.of(
                            "vmlinuz_url",
                            "\""
                                    + dripping(b, DrippingServer.stalled("application/octet-stream", KERNEL.length))
                                            .url()
                                    + "/vmlinuz\"")));
                    b.extraFlags.addAll(List.of("--read-timeout", "60s", "--download-timeout", "3s"));
                },
                Command.APPLY_HTTP,
                failed,
                "staging did not finish within 3 s"));
        cases.add(new Case(
                "registry manifest headers dripped",
                b -> b.extraFlags.addAll(List.of(
                        "--registry",
                        dripping(b, DrippingServer.headers()).host() + "/kubesolo/os",
                        "--plain-http",
                        "--read-timeout",
                        "3s",
                        "--download-timeout",
                        "20s")),
                Command.APPLY_OCI,
                failed,
                "the server did not finish its headers within 3 s"));
        cases.add(new Case(
                "registry manifest body dripped",
                b -> b.extraFlags.addAll(List.of(
                        "--registry",
                        dripping(b, DrippingServer.body(MediaTypes.OCI_MANIFEST, 1000))
                                        .host() + "/kubesolo/os",
                        "--plain-http",
                        "--read-timeout",
                        "3s",
                        "--download-timeout",
                        "20s")),
                Command.APPLY_OCI,
                failed,
                "is still sending"));

        // --- signatures and keys ----------------------------------------------------------------
        cases.add(new Case(
                "signature of 63 bytes",
                b -> signedRelease(b, new byte[63]),
                Command.APPLY_HTTP,
                refused,
                "is not an Ed25519 signature"));
        cases.add(new Case(
                "signature of 128 non-hex characters",
                b -> signedRelease(b, "z".repeat(128).getBytes(StandardCharsets.US_ASCII)),
                Command.APPLY_HTTP,
                refused,
                "signature"));
        cases.add(new Case(
                "signature all zero",
                b -> signedRelease(b, new byte[64]),
                Command.APPLY_HTTP,
                refused,
                "is not valid for any trusted key"));
        cases.add(new Case(
                "public key of 63 hex characters",
                b -> b.extraFlags.addAll(List.of("--pubkey", key(b, "a".repeat(63)))),
                Command.APPLY_HTTP,
                failed,
                "not an Ed25519 public key"));
        cases.add(new Case(
                "public key of small order",
                b -> b.extraFlags.addAll(List.of("--pubkey", key(b, "01" + "00".repeat(31)))),
                Command.APPLY_HTTP,
                failed,
                "small order"));
        cases.add(new Case(
                "public key a private key",
                b -> b.extraFlags.addAll(
                        List.of("--pubkey", key(b, SigningKey.generate().toPkcs8Pem()))),
                Command.APPLY_HTTP,
                failed,
                "private key"));
        cases.add(new Case(
                "public key file missing",
                b -> b.extraFlags.addAll(List.of("--pubkey", "/etc/kubesolo/keys/none.pub")),
                Command.APPLY_HTTP,
                failed,
                "none.pub"));

        // --- OCI manifests and indexes ------------------------------------------------------------
        cases.add(new Case(
                "manifest not JSON",
                b -> b.layout("not json".getBytes(StandardCharsets.UTF_8)),
                Command.APPLY_OCI,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "manifest names a key twice",
                b -> b.layout(manifest("\"schemaVersion\": 2, ", Map.of())),
                Command.APPLY_OCI,
                failed,
                "Duplicate field"));
        cases.add(new Case(
                "manifest nested 100000 deep",
                b -> b.layout(("{\"schemaVersion\":2,\"x\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8)),
                Command.APPLY_OCI,
                failed,
                "is not valid JSON"));
        cases.add(new Case(
                "layer of negative size",
                b -> b.layout(manifest("", Map.of("kernelSize", "-1"))),
                Command.APPLY_OCI,
                failed,
                "size"));
        cases.add(new Case(
                "layer digest malformed",
                b -> b.layout(manifest("", Map.of("kernelDigest", "sha256:xyz"))),
                Command.APPLY_OCI,
                failed,
                "'xyz' is not a SHA-256 digest"));
        cases.add(new Case(
                "version annotation a path",
                b -> b.layout(manifest("", Map.of("version", "../../etc/passwd"))),
                Command.APPLY_OCI,
                failed,
                "is not a version"));
        cases.add(new Case(
                "index without manifests",
                b -> b.index(b.layoutDirectory(), "{\"schemaVersion\":2,\"manifests\":[]}"),
                Command.APPLY_OCI,
                failed,
                "stable"));
        cases.add(new Case(
                "index.json names a key twice",
                b -> {
                    String index = Files.readString(b.layoutDirectory().resolve("index.json"));
                    b.index(
                            b.layoutDirectory(),
                            index.replace("{\"schemaVersion\":2,", "{\"schemaVersion\":2,\"manifests\":[],"));
                },
                Command.APPLY_OCI,
                failed,
                "Duplicate field 'manifests'"));
        cases.add(new Case(
                "manifest of an unknown media type",
                b -> b.layout(manifest("", Map.of("mediaType", "application/x-evil")), "application/x-evil"),
                Command.APPLY_OCI,
                failed,
                "application/x-evil"));

        // --- update.conf ------------------------------------------------------------------------
        cases.add(new Case(
                "update.conf not UTF-8",
                b -> b.file(
                        "/etc/kubesolo/update.conf",
                        new byte[] {'s', 'e', 'r', 'v', 'e', 'r', '=', (byte) 0xc3, (byte) 0x28}),
                Command.APPLY_HTTP,
                failed,
                "is not UTF-8 text"));
        cases.add(new Case(
                "update.conf line without =",
                b -> b.conf("server http://example"),
                Command.APPLY_HTTP,
                failed,
                "is not key=value"));
        cases.add(new Case(
                "maintenance window 25:00",
                b -> b.conf("maintenance_window=25:00-26:00"),
                Command.APPLY_HTTP,
                ExitCodes.USAGE,
                "maintenance window '25:00-26:00' is not HH:MM-HH:MM"));
        cases.add(new Case(
                "auto_rollback_after not a number",
                b -> b.conf("auto_rollback_after=three"),
                Command.HEALTHCHECK,
                failed,
                "auto_rollback_after=three is not valid"));
        cases.add(new Case(
                "update.conf of 1 MB",
                b -> b.file("/etc/kubesolo/update.conf", "#".repeat(1024 * 1024).getBytes(StandardCharsets.US_ASCII)),
                Command.APPLY_HTTP,
                failed,
                "is larger than"));

        // --- the GRUB environment -----------------------------------------------------------------
        cases.add(new Case(
                "grubenv cut to 1000 bytes",
                b -> b.file("/boot/grub/grubenv", Arrays.copyOf(b.device.grubenvBytes(), 1000)),
                Command.ACTIVATE,
                failed,
                "is not a valid block"));
        cases.add(new Case(
                "grubenv active_slot=C",
                b -> b.file("/boot/grub/grubenv", grubenv(b.device.grubenvBytes(), "active_slot=A", "active_slot=C")),
                Command.APPLY_HTTP,
                failed,
                "active_slot"));
        cases.add(new Case(
                "grubenv not UTF-8",
                b -> b.file(
                        "/boot/grub/grubenv",
                        grubenv(b.device.grubenvBytes(), "boot_success=1", "boot_success=\u00ff")),
                Command.ROLLBACK,
                failed,
                "is not a valid block"));
        cases.add(new Case(
                "grubenv missing",
                b -> Files.delete(b.device.grubenv()),
                Command.HEALTHCHECK,
                failed,
                "no GRUB environment block found"));

        // --- state.json ---------------------------------------------------------------------------
        cases.add(new Case(
                "state.json garbage",
                b -> b.file("/var/lib/kubesolo/update/state.json", new byte[] {0, 1, 2, (byte) 0xff}),
                Command.ACTIVATE,
                failed,
                "nothing to activate"));
        cases.add(new Case(
                "state.json names phase twice",
                b -> b.file(
                        "/var/lib/kubesolo/update/state.json",
                        "{\"phase\":\"idle\",\"phase\":\"staged\",\"to_version\":\"v0.3.0\"}"
                                .getBytes(StandardCharsets.UTF_8)),
                Command.ACTIVATE,
                failed,
                "nothing to activate"));
        cases.add(new Case(
                "state.json nested 100000 deep",
                b -> b.file(
                        "/var/lib/kubesolo/update/state.json",
                        ("{\"phase\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8)),
                Command.ACTIVATE,
                failed,
                "nothing to activate"));
        cases.add(new Case(
                "state.json negative attempt count",
                b -> b.file(
                        "/var/lib/kubesolo/update/state.json",
                        "{\"phase\":\"staged\",\"attempt_count\":-5}".getBytes(StandardCharsets.UTF_8)),
                Command.ACTIVATE,
                failed,
                "nothing to activate"));
        cases.add(new Case(
                "state.json unknown phase",
                b -> b.file(
                        "/var/lib/kubesolo/update/state.json",
                        "{\"phase\":\"../../etc\"}".getBytes(StandardCharsets.UTF_8)),
                Command.ACTIVATE,
                failed,
                "nothing to activate"));

        // --- text from outside, printed and stored (issue 13, item 3) ----------------------------------
        String escapes = "\\u001b]0;owned\\u0007\\u001b[2J";
        cases.add(new Case(
                "channel with terminal escapes, in check's report",
                b -> {
                    b.conf("channel=stable");
                    b.latest(latest(Map.of("channel", "\"" + escapes + "\"")));
                },
                Command.CHECK,
                refused,
                "'\\x1b]0;owned\\x07\\x1b[2J'"));
        cases.add(new Case(
                "channel forging a line, in check's report",
                b -> {
                    b.conf("channel=stable");
                    b.latest(latest(Map.of("channel", "\"stable\\nkubesolo-update: staged v9.9.9 into slot B\"")));
                },
                Command.CHECK,
                refused,
                "'stable\\nkubesolo-update: staged v9.9.9 into slot B'"));
        cases.add(new Case(
                "channel with terminal escapes, refused by apply and stored escaped",
                b -> {
                    b.conf("channel=stable");
                    b.latest(latest(Map.of("channel", "\"" + escapes + "\"")));
                },
                Command.APPLY_HTTP,
                refused,
                "'\\x1b]0;owned\\x07\\x1b[2J'",
                (b, run) -> assertThat(Files.readString(b.device.stateFile()))
                        .contains("x1b]0;owned")
                        .doesNotContain("\\u001b")));
        cases.add(new Case(
                "refusal with escapes and a forged line kept in state.json, replayed by status",
                b -> b.file(
                        "/var/lib/kubesolo/update/state.json",
                        ("{\"phase\":\"failed\",\"last_error\":"
                                        + "\"HTTP 500 \\u001b[2J\\u001b]0;owned\\u0007\\nkubesolo-update: staged v9.9.9 into slot B\"}")
                                .getBytes(StandardCharsets.UTF_8)),
                Command.STATUS,
                ExitCodes.SUCCESS,
                "HTTP 500 \\x1b[2J\\x1b]0;owned\\x07\\nkubesolo-update: staged"));

        // --- credentials and secrets in what the operator gave (item 4) --------------------------------
        cases.add(new Case(
                "--server with user:password@",
                b -> b.extraFlags.addAll(
                        List.of("--server", b.server.url().replace("http://", "http://operator:s3cr3t@"))),
                Command.APPLY_HTTP,
                ExitCodes.USAGE,
                "has credentials in the URL",
                neverSays("s3cr3t")));
        cases.add(new Case(
                "--registry with user:password@",
                b -> b.extraFlags.addAll(List.of(
                        "apply",
                        "--root",
                        b.device.rootArg(),
                        "--registry",
                        "operator:s3cr3t@127.0.0.1:5000/kubesolo/os",
                        "--tag",
                        "stable")),
                Command.RAW,
                ExitCodes.USAGE,
                "credentials do not belong in a reference",
                neverSays("s3cr3t")));
        cases.add(new Case(
                "--conf pointing at a shadow file",
                b -> {
                    b.file(
                            "/etc/shadow",
                            "root:$6$s3cr3tSalt$s3cr3tHash:19000:0:99999:7:::\n".getBytes(StandardCharsets.UTF_8));
                    b.extraFlags.addAll(List.of("--conf", "/etc/shadow"));
                },
                Command.APPLY_HTTP,
                failed,
                "line 1 is not key=value",
                neverSays("s3cr3t")));

        // --- sizes (item 5) -----------------------------------------------------------------------------
        cases.add(new Case(
                "two sizes of 2^63-1",
                b -> b.latest(latest(Map.of(
                        "vmlinuz_size",
                        Long.toString(Long.MAX_VALUE),
                        "initramfs_size",
                        Long.toString(Long.MAX_VALUE)))),
                Command.APPLY_HTTP,
                refused,
                "declares more bytes than can be counted"));

        // --- links planted on the device and the build machine (item 6) ---------------------------------
        cases.add(new Case(
                "slots/B a symbolic link to slots/A",
                b -> {
                    deleteTree(b.device.slot("B"));
                    Files.createSymbolicLink(b.device.slot("B"), Path.of("A"));
                },
                Command.APPLY_HTTP,
                failed,
                "slots/B, is a symbolic link"));
        cases.add(new Case(
                "slots/A a symbolic link to slots/B",
                b -> {
                    deleteTree(b.device.slot("A"));
                    Files.createSymbolicLink(b.device.slot("A"), Path.of("B"));
                },
                Command.APPLY_HTTP,
                failed,
                "is the same directory as slot A's"));
        cases.add(new Case(
                ".vmlinuz.tmp a link to the active kernel, with a matching sidecar",
                b -> {
                    partialSidecar(b);
                    Files.createSymbolicLink(b.device.slot("B").resolve(".vmlinuz.tmp"), Path.of("../A/vmlinuz"));
                },
                Command.APPLY_HTTP,
                failed,
                ".vmlinuz.tmp: is a symbolic link"));
        cases.add(new Case(
                ".vmlinuz.tmp a hard link to the active kernel, with a matching sidecar",
                b -> {
                    partialSidecar(b);
                    Files.createLink(
                            b.device.slot("B").resolve(".vmlinuz.tmp"),
                            b.device.slot("A").resolve("vmlinuz"));
                },
                Command.APPLY_HTTP,
                failed,
                "is not a partial download of ours (2 hard links)"));
        cases.add(new Case(
                ".version.tmp in slot B a link to the active version",
                b -> Files.createSymbolicLink(b.device.slot("B").resolve(".version.tmp"), Path.of("../A/version")),
                Command.APPLY_HTTP,
                failed,
                ".version.tmp: is a symbolic link"));
        cases.add(new Case(
                ".state.json.tmp a link to a file outside the device",
                b -> Files.createSymbolicLink(b.path("/var/lib/kubesolo/update/.state.json.tmp"), b.victim()),
                Command.APPLY_HTTP,
                failed,
                ".state.json.tmp: is a symbolic link",
                victimUnchanged()));
        cases.add(new Case(
                "the lock a link to the active slot's version",
                b -> {
                    Files.createDirectories(b.path("/var/lib/kubesolo/update"));
                    Files.createSymbolicLink(
                            b.path("/var/lib/kubesolo/update/lock"),
                            b.device.slot("A").resolve("version"));
                },
                Command.APPLY_HTTP,
                failed,
                "lock: is a symbolic link"));
        cases.add(new Case(
                ".grubenv.tmp a link to the active kernel",
                b -> Files.createSymbolicLink(
                        b.path("/boot/grub/.grubenv.tmp"), b.device.slot("A").resolve("vmlinuz")),
                Command.ROLLBACK,
                failed,
                ".grubenv.tmp: is a symbolic link"));
        cases.add(new Case(
                "keygen's temporary a link to another file",
                b -> {
                    Files.createDirectories(b.scratch.resolve("keys"));
                    Files.createSymbolicLink(b.scratch.resolve("keys/.release.key.tmp"), b.victim());
                    b.extraFlags.addAll(List.of(
                            "keygen", "--out-dir", b.scratch.resolve("keys").toString()));
                },
                Command.RAW,
                failed,
                ".release.key.tmp: is a symbolic link",
                victimUnchanged()));
        cases.add(new Case(
                "sign's temporary a link to another file",
                b -> {
                    Path file = releaseFile(b);
                    Files.createSymbolicLink(b.scratch.resolve(".vmlinuz.sig.tmp"), b.victim());
                    b.extraFlags.addAll(List.of("sign", "--key", privateKey(b).toString(), file.toString()));
                },
                Command.RAW,
                failed,
                ".vmlinuz.sig.tmp: is a symbolic link",
                victimUnchanged()));

        // --- a hostile OCI layout directory (item 7) ---------------------------------------------------
        cases.add(new Case(
                "layout: the kernel blob a link to a secret outside",
                b -> {
                    b.file("/etc/shadow", KERNEL);
                    Files.delete(b.kernelBlob());
                    Files.createSymbolicLink(b.kernelBlob(), b.path("/etc/shadow"));
                },
                Command.APPLY_OCI,
                failed,
                "is a symbolic link",
                nothingKeptInSlotB()));
        cases.add(new Case(
                "layout: blobs/ a link to a directory outside",
                b -> {
                    Path outside = b.path("/var/tmp/blobs");
                    Files.createDirectories(outside.getParent());
                    Files.move(b.layoutDirectory().resolve("blobs"), outside);
                    Files.createSymbolicLink(b.layoutDirectory().resolve("blobs"), outside);
                },
                Command.APPLY_OCI,
                failed,
                "lies outside the layout"));
        cases.add(new Case(
                "layout: the kernel blob cut short",
                b -> Files.write(b.kernelBlob(), Arrays.copyOf(KERNEL, 1000)),
                Command.APPLY_OCI,
                failed,
                "has 1000 bytes, its manifest says 200000: the layout is corrupt",
                nothingKeptInSlotB()));

        // --- smaller holes (item 10) ---------------------------------------------------------------------
        cases.add(new Case(
                "metadata_sig_url on another host",
                b -> {
                    SigningKey key = SigningKey.generate();
                    String json = latest(Map.of("metadata_sig_url", "\"http://127.0.0.2:9/latest.json.sig\""));
                    b.latest(json);
                    b.server.serve("/latest.json.sig", key.sign(json.getBytes(StandardCharsets.UTF_8)));
                    b.extraFlags.addAll(List.of(
                            "--pubkey",
                            key(b, HexFormat.of().formatHex(key.publicKey().raw()))));
                },
                Command.APPLY_HTTP,
                refused,
                "not on the update server's origin"));
        cases.add(new Case(
                "cloud-init: a YAML alias as a value",
                b -> {
                    Path userData = b.path("/var/lib/cloud/user-data");
                    b.file(
                            "/var/lib/cloud/user-data",
                            "servers: &srv http://attacker.example\nupdates:\n  server: *srv\n"
                                    .getBytes(StandardCharsets.UTF_8));
                    b.extraFlags.addAll(
                            List.of("cloud-init", "--root", b.device.rootArg(), "--user-data", userData.toString()));
                },
                Command.RAW,
                failed,
                "updates.server is a YAML alias",
                (b, run) -> assertThat(b.device.conf()).content().doesNotContain("srv")));
        return cases;
    }

    private void runCase(Case c) throws Exception {
        SimulatedDevice device = SimulatedDevice.create(temp.resolve("device"), RUNNING);
        device.writeSlot("B", "v0.1.0");
        try (FaultServer server = new FaultServer();
                Bench bench = new Bench(device, server)) {
            server.serve("/latest.json", latest(Map.of()).getBytes(StandardCharsets.UTF_8))
                    .serve("/vmlinuz", KERNEL)
                    .serve("/kubesolo-os.gz", INITRAMFS);
            bench.layout(manifest("", Map.of()));
            c.plant().into(bench);
            byte[] grubenv = Files.exists(device.grubenv()) ? device.grubenvBytes() : null;
            String slotA = device.fingerprint("A");
            List<String> outside = filesOutsideTheDevice(device);

            long started = System.nanoTime();
            CommandRun run = CommandRun.of(arguments(c.command(), bench).toArray(String[]::new));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            List<String> errors = run.err()
                    .lines()
                    .filter(line ->
                            line.startsWith("kubesolo-update: ") && !line.startsWith("kubesolo-update: warning: "))
                    .toList();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(c.exit());
            if (c.command() == Command.CHECK || c.command() == Command.CHECK_OCI || c.command() == Command.STATUS) {
                assertThat(errors).as(run.toString()).isEmpty();
                assertThat(run.out()).as(run.toString()).contains(c.message());
            } else {
                assertThat(errors).as(run.toString()).hasSize(1);
                assertThat(errors.get(0))
                        .as(run.toString())
                        .contains(c.message())
                        .doesNotContain("internal error");
            }
            assertThat(run.err()).as(run.toString()).doesNotContain("\tat ");
            // Whatever came from outside is printed escaped: no terminal control, no forged line.
            assertThat(run.out() + run.err()).as(run.toString()).doesNotContainPattern("[\\p{Cntrl}&&[^\\n]]");
            assertThat(run.out().lines()).as(run.toString()).noneMatch(line -> line.startsWith("kubesolo-update"));
            assertThat(
                            grubenv == null
                                    ? !Files.exists(device.grubenv())
                                    : Arrays.equals(grubenv, device.grubenvBytes()))
                    .as("GRUB environment unchanged")
                    .isTrue();
            assertThat(device.fingerprint("A")).as("active slot unchanged").isEqualTo(slotA);
            Path passiveVersion = device.slot("B").resolve("version");
            boolean plantedSlot = Files.isSymbolicLink(device.slot("A")) || Files.isSymbolicLink(device.slot("B"));
            assertThat(plantedSlot
                            || !Files.exists(passiveVersion)
                            || Files.readString(passiveVersion).equals("v0.1.0\n"))
                    .as("nothing staged")
                    .isTrue();
            assertThat(filesOutsideTheDevice(device))
                    .as("nothing written outside the device's files")
                    .isEqualTo(outside);
            // A hang bound, not a timing test: the slowest case waits out a 3 s read timeout or a 5 s download timeout.
            assertThat(took).as("no case hangs").isLessThan(Duration.ofSeconds(30));
            c.after().check(bench, run);
        } finally {
            deleteTree(device.root());
            if (Files.exists(device.root().resolveSibling("release-side"))) {
                deleteTree(device.root().resolveSibling("release-side"));
            }
        }
    }

    private static List<String> arguments(Command command, Bench bench) {
        String root = bench.device.rootArg();
        List<String> arguments = new ArrayList<>(
                switch (command) {
                    case APPLY_HTTP ->
                        bench.extraFlags.contains("--server")
                                ? List.of("apply", "--root", root)
                                : List.of("apply", "--root", root, "--server", bench.server.url());
                    case APPLY_OCI ->
                        bench.extraFlags.contains("--registry")
                                ? List.of("apply", "--root", root, "--tag", "stable")
                                : List.of(
                                        "apply",
                                        "--root",
                                        root,
                                        "--registry",
                                        "oci-layout:" + LAYOUT,
                                        "--tag",
                                        "stable");
                    case ACTIVATE -> List.of("activate", "--root", root);
                    case ROLLBACK -> List.of("rollback", "--root", root);
                    case HEALTHCHECK -> List.of("healthcheck", "--root", root);
                    case CHECK -> List.of("check", "--root", root, "--server", bench.server.url());
                    case CHECK_OCI ->
                        List.of("check", "--root", root, "--registry", "oci-layout:" + LAYOUT, "--tag", "stable");
                    case STATUS -> List.of("status", "--root", root);
                    case RAW -> List.of();
                });
        if (command == Command.APPLY_HTTP
                || command == Command.APPLY_OCI
                || command == Command.CHECK
                || command == Command.CHECK_OCI) {
            // Transient faults are retried; the corpus is about how the last attempt ends, not the waits between.
            arguments.addAll(List.of("--retry-delay", "1ms"));
        }
        arguments.addAll(bench.extraFlags);
        return arguments;
    }

    /** Every path under the device root except the slots, the state directory and the layout: what else appeared. */
    private static List<String> filesOutsideTheDevice(SimulatedDevice device) throws IOException {
        try (Stream<Path> files = Files.walk(device.root())) {
            return files.map(file -> device.root().relativize(file).toString())
                    .filter(path -> !path.startsWith("slots/B")
                            && !path.startsWith("var/lib/kubesolo/update")
                            && !path.startsWith("media/usb"))
                    .sorted()
                    .toList();
        }
    }

    // --- inputs -------------------------------------------------------------------------------

    /** A valid latest.json with some fields replaced by raw JSON values ("null" removes one), and raw text inserted first. */
    static String latest(Map<String, String> replaced, String... inserted) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("version", "\"v0.3.0\"");
        fields.put("vmlinuz_url", "\"vmlinuz\"");
        fields.put("vmlinuz_sha256", "\"" + Digest.of(KERNEL).hex() + "\"");
        fields.put("vmlinuz_size", Integer.toString(KERNEL.length));
        fields.put("initramfs_url", "\"kubesolo-os.gz\"");
        fields.put("initramfs_sha256", "\"" + Digest.of(INITRAMFS).hex() + "\"");
        fields.put("initramfs_size", Integer.toString(INITRAMFS.length));
        fields.put("channel", "\"stable\"");
        fields.putAll(replaced);
        StringBuilder json = new StringBuilder("{").append(String.join("", inserted));
        List<String> members = new ArrayList<>();
        fields.forEach((key, value) -> {
            if (!value.equals("null")) {
                members.add("\"" + key + "\": " + value);
            }
        });
        return json.append(String.join(", ", members)).append("}").toString();
    }

    /**
     * A release manifest for this machine: {@code version}, {@code kernelSize}, {@code kernelDigest},
     * {@code mediaType} may be replaced, a {@code releaseDate} annotation added; {@code inserted} is
     * raw JSON put first.
     */
    static byte[] manifest(String inserted, Map<String, String> replaced) {
        String version = replaced.getOrDefault("version", "v0.3.0");
        String kernelSize = replaced.getOrDefault("kernelSize", Integer.toString(KERNEL.length));
        String kernelDigest = replaced.getOrDefault(
                "kernelDigest", "sha256:" + Digest.of(KERNEL).hex());
        String mediaType = replaced.getOrDefault("mediaType", MediaTypes.OCI_MANIFEST);
        String json = "{" + inserted + "\"schemaVersion\": 2, \"mediaType\": \"" + mediaType + "\","
                + "\"config\": {\"mediaType\": \"" + MediaTypes.EMPTY_CONFIG + "\", \"digest\": \"sha256:"
                + Digest.of("{}".getBytes(StandardCharsets.UTF_8)).hex() + "\", \"size\": 2},"
                + "\"layers\": ["
                + "{\"mediaType\": \"" + MediaTypes.KERNEL + "\", \"digest\": \"" + kernelDigest + "\", \"size\": "
                + kernelSize + ", \"annotations\": {\"org.opencontainers.image.title\": \"../../../../etc/passwd\"}},"
                + "{\"mediaType\": \"" + MediaTypes.INITRAMFS + "\", \"digest\": \"sha256:"
                + Digest.of(INITRAMFS).hex()
                + "\", \"size\": " + INITRAMFS.length + ", \"annotations\": {\"org.opencontainers.image.title\":"
                + " \"/etc/shadow\"}}],"
                + "\"annotations\": {\"" + ReleaseAnnotations.VERSION + "\": \"" + version + "\", \""
                + ReleaseAnnotations.ARCHITECTURE + "\": \""
                + io.kubesolo.update.policy.MachineArchitecture.ofThisMachine()
                + "\""
                + (replaced.containsKey("releaseDate")
                        ? ", \"" + ReleaseAnnotations.RELEASE_DATE + "\": \"" + replaced.get("releaseDate") + "\""
                        : "")
                + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The same release_date in latest.json and in the layout's manifest. */
    private static void releaseDate(Bench bench, String date) {
        bench.latest(latest(Map.of("release_date", "\"" + date + "\"")));
        bench.layout(manifest("", Map.of("releaseDate", date)));
    }

    /** Serves latest.json signed properly, but {@code kernelSignature} as the kernel's signature; the device trusts the key. */
    private static void signedRelease(Bench bench, byte[] kernelSignature) throws Exception {
        SigningKey key = SigningKey.generate();
        String json =
                latest(Map.of("vmlinuz_sig_url", "\"vmlinuz.sig\"", "initramfs_sig_url", "\"kubesolo-os.gz.sig\""));
        bench.latest(json);
        bench.server
                .serve("/latest.json.sig", key.sign(json.getBytes(StandardCharsets.UTF_8)))
                .serve("/vmlinuz.sig", kernelSignature)
                .serve("/kubesolo-os.gz.sig", key.sign(INITRAMFS));
        bench.extraFlags.addAll(List.of(
                "--pubkey", key(bench, HexFormat.of().formatHex(key.publicKey().raw()))));
    }

    private static DrippingServer dripping(Bench bench, DrippingServer server) {
        bench.closeAfter.add(server);
        return server;
    }

    /** The program's output and the state it kept never repeat {@code secret}. */
    private static After neverSays(String secret) {
        return (bench, run) -> {
            assertThat(run.out() + run.err()).as(run.toString()).doesNotContain(secret);
            if (Files.exists(bench.device.stateFile())) {
                assertThat(Files.readString(bench.device.stateFile())).doesNotContain(secret);
            }
        };
    }

    private static After victimUnchanged() {
        return (bench, run) -> assertThat(bench.victim()).hasContent("the victim's own bytes");
    }

    private static After nothingKeptInSlotB() {
        return (bench, run) ->
                assertThat(bench.device.slot("B").resolve(".vmlinuz.tmp")).doesNotExist();
    }

    /** The sidecar of a partial kernel download in slot B, naming the release's kernel: only the data is planted. */
    private static void partialSidecar(Bench bench) throws IOException {
        Files.writeString(
                bench.device.slot("B").resolve(".vmlinuz.partial.json"),
                "{\"sha256\": \"" + Digest.of(KERNEL).hex() + "\", \"size\": " + KERNEL.length
                        + ", \"location\": \"x\"}");
    }

    /** A file to sign on the build machine. */
    private static Path releaseFile(Bench bench) throws IOException {
        Files.createDirectories(bench.scratch);
        return Files.write(bench.scratch.resolve("vmlinuz"), KERNEL);
    }

    private static Path privateKey(Bench bench) throws IOException {
        Path key = bench.scratch.resolve("release.key");
        Files.writeString(key, SigningKey.generate().toPkcs8Pem());
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        Process process =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor()).as("mkfifo " + path).isZero();
    }

    private static String key(Bench bench, String content) {
        bench.file("/etc/kubesolo/keys/release.pub", content.getBytes(StandardCharsets.UTF_8));
        return "/etc/kubesolo/keys/release.pub";
    }

    private static byte[] grubenv(byte[] block, String from, String to) {
        byte[] replaced =
                new String(block, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(replaced).hasSize(block.length);
        return replaced;
    }

    /** Declares {@code declared} bytes, sends {@code sent}, then closes. */
    private static FaultServer.Response declaredLength(long declared, byte[] sent) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(declared));
            exchange.sendResponseHeaders(200, declared);
            OutputStream out = exchange.getResponseBody();
            out.write(sent);
            out.flush();
        };
    }

    /** Declares 100000 bytes and sends one a second: never idle long enough for a read timeout. */
    private static FaultServer.Response slowLoris() {
        return exchange -> {
            exchange.sendResponseHeaders(200, 100_000);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 120; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** 1 GiB of zeros gzipped to about 1 MiB, sent with {@code Content-Encoding: gzip}; must never be inflated. */
    private static FaultServer.Response gzipBomb() {
        byte[] bomb = GZIP_BOMB.get();
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, bomb.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bomb);
            }
        };
    }

    private static final java.util.function.Supplier<byte[]> GZIP_BOMB = new java.util.function.Supplier<>() {
        private byte[] bomb;

        @Override
        public synchronized byte[] get() {
            if (bomb == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 1024; i++) {
                        gzip.write(zeros);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                bomb = out.toByteArray();
            }
            return bomb;
        }
    };

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
