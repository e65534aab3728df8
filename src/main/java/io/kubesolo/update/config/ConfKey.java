package io.kubesolo.update.config;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every update.conf key (docs/spec.md §3), defined once: its name, the type of its value, its
 * default and what it does. The parser warns about keys not listed here, the code reads values
 * through these constants, and docs/cli.md's table of keys is {@link #markdownTable} (a test
 * holds the two together).
 */
public enum ConfKey {
    SERVER("server", "URL", "", "HTTP update server; `latest.json` is fetched from URL/latest.json (`--server`)"),
    REGISTRY("registry", "HOST/PATH", "", "OCI repository holding the releases, or `oci-layout:DIR` (`--registry`)"),
    TAG("tag", "text", "", "tag of the release in `registry` (`--tag`)"),
    CHANNEL("channel", "text", "", "channel this device follows (`--channel`)"),
    PUBKEY("pubkey", "paths", "", "trusted public key files or directories, comma-separated (`--pubkey`)"),
    MAINTENANCE_WINDOW(
            "maintenance_window", "HH:MM-HH:MM", "always open", "local time span for updates (`--maintenance-window`)"),
    ARCHITECTURE("architecture", "text", "this machine's", "architecture releases must be built for"),
    SPLAY("splay", "duration", "0", "longest random wait before the first request (`--splay`)"),
    CONNECT_TIMEOUT("connect_timeout", "duration", "30s", "bound on opening a connection (`--connect-timeout`)"),
    READ_TIMEOUT("read_timeout", "duration", "60s", "bound on waiting for the next bytes (`--read-timeout`)"),
    DOWNLOAD_TIMEOUT("download_timeout", "duration", "4h", "bound on staging a release (`--download-timeout`)"),
    RETRIES("retries", "integer", "4", "retries of a transient failure (`--retries`)"),
    RETRY_DELAY("retry_delay", "duration", "1s", "wait before the first retry, doubling (`--retry-delay`)"),
    RETRY_MAX_TIME("retry_max_time", "duration", "5m", "bound on retrying one failure (`--retry-max-time`)"),
    CA_BUNDLE("ca_bundle", "path", "", "PEM file of more certificate authorities for HTTPS (`--ca-bundle`)"),
    PLAIN_HTTP("plain_http", "boolean", "false", "talk plain HTTP to the registry (`--plain-http`)"),
    REGISTRY_AUTH_FILE("registry_auth_file", "path", "", "registry credentials, docker/podman format (`--authfile`)"),
    REGISTRY_USERNAME("registry_username", "text", "", "user name for `registry`"),
    REGISTRY_PASSWORD("registry_password", "text", "", "password for `registry_username`"),
    REGISTRY_PASSWORD_FILE("registry_password_file", "path", "", "file holding the password instead"),
    GRUBENV(
            "grubenv",
            "path",
            "searched",
            "the GRUB environment block; unset: the first of `/boot/grub/grubenv`, `/boot/boot/grub/grubenv`,"
                    + " `/boot/efi/boot/grub/grubenv` (docs/grubenv.md)"),
    SLOT_BACKEND("slot_backend", "`block` or `directory`", "by `--root`", "where the slots are (docs/slots.md)"),
    SLOT_A_LABEL("slot_a_label", "text", "KSOLOA", "file system label of slot A"),
    SLOT_B_LABEL("slot_b_label", "text", "KSOLOB", "file system label of slot B"),
    AUTO_ROLLBACK_AFTER(
            "auto_rollback_after",
            "integer",
            "0",
            "failed health checks before rolling back (`--auto-rollback-after`)"),
    HEALTHCHECK_URL("healthcheck_url", "URL", "", "an endpoint that must answer 200 (`--healthcheck-url`)"),
    HEALTHCHECK_TIMEOUT("healthcheck_timeout", "duration", "10s", "bound on each health check"),
    HEALTH_CHECKS("health_checks", "names", "all", "the health checks to run, comma-separated (docs/health.md)"),
    CONTAINERD_SOCKET("containerd_socket", "path", "/run/containerd/containerd.sock", "containerd's socket"),
    KUBECONFIG(
            "kubeconfig",
            "path",
            "/var/lib/kubesolo/pki/admin/admin.kubeconfig",
            "kubeconfig of the Kubernetes checks; `none` skips them"),
    API_SERVER("api_server", "URL", "", "API server URL instead of the kubeconfig's"),
    API_TOKEN_FILE("api_token_file", "path", "", "bearer token for `api_server`"),
    NODE_NAME("node_name", "text", "host name", "the node whose Ready condition is checked"),
    METRICS_LISTEN("metrics_listen", "HOST:PORT", "127.0.0.1:9723", "address for `metrics --listen`"),
    METRICS_ALLOW_REMOTE("metrics_allow_remote", "boolean", "false", "allows a non-loopback `metrics_listen`"),
    METRICS_TEXTFILE(
            "metrics_textfile",
            "path",
            "/var/lib/node_exporter/textfile_collector/kubesolo_update.prom",
            "path for `metrics --textfile`");

    private final String key;
    private final String type;
    private final String defaultValue;
    private final String doc;

    ConfKey(String key, String type, String defaultValue, String doc) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** The name as written in update.conf. */
    public String key() {
        return key;
    }

    public static Optional<ConfKey> named(String key) {
        // A loop, not a stream: every command reads update.conf, and findFirst's lambdas are spun
        // at run time (the CDS archive does not hold them), a few milliseconds of every start.
        for (ConfKey known : values()) {
            if (known.key.equals(key)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /** The known key closest to {@code unknown} by edit distance, for "did you mean". */
    public static ConfKey nearest(String unknown) {
        return Arrays.stream(values())
                .min(Comparator.comparingInt(k -> editDistance(unknown, k.key)))
                .orElseThrow();
    }

    /** docs/cli.md's table of the keys. */
    public static String markdownTable() {
        return "| key | type | default | |\n|---|---|---|---|\n"
                + Arrays.stream(values())
                        .map(k -> "| `" + k.key + "` | " + k.type + " | "
                                + (k.defaultValue.isEmpty() ? "—" : k.defaultValue) + " | " + k.doc + " |\n")
                        .collect(Collectors.joining());
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return key;
    }
}
