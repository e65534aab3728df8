package io.kubesolo.update.cli;

import io.kubesolo.update.config.ConfKey;
import io.kubesolo.update.config.Setting;
import io.kubesolo.update.config.UpdateConf;
import io.kubesolo.update.http.HttpTransport;
import io.kubesolo.update.oci.AuthFile;
import io.kubesolo.update.oci.Credentials;
import io.kubesolo.update.oci.OciException;
import io.kubesolo.update.oci.Reference;
import io.kubesolo.update.oci.RegistryAccess;
import io.kubesolo.update.proxy.ProxyRules;
import io.kubesolo.update.retry.Retry;
import io.kubesolo.update.tls.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How to reach an OCI registry: {@code --plain-http} and {@code --authfile}, with update.conf's
 * {@code plain_http}, {@code registry_auth_file}, {@code registry_username} and
 * {@code registry_password} / {@code registry_password_file} behind them on the device. Written in
 * code ({@link CodedModel}): the release-side commands, built from annotations, take them through
 * {@link TakesCodedOptions}.
 */
final class RegistryAccessOptions {

    private static final long MAX_PASSWORD_FILE = 64 * 1024;

    private Boolean plainHttp;
    private String authFile;

    /** Adds {@code --plain-http} and {@code --authfile} to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        command.addOption(CodedModel.option(Boolean.class, () -> plainHttp, value -> plainHttp = value, "--plain-http")
                .description("Talk plain HTTP to the registry instead of HTTPS (update.conf: plain_http=true).")
                .build());
        command.addOption(CodedModel.option(String.class, () -> authFile, value -> authFile = value, "--authfile")
                .paramLabel("PATH")
                .description("Registry credentials in docker config.json / podman auth.json format"
                        + " (update.conf: registry_auth_file).")
                .build());
    }

    /**
     * Access for the agent: flags, then update.conf. A user name and password in update.conf apply
     * to the configured registry; an auth file to the registries it lists. Paths resolve under {@code --root}.
     */
    RegistryAccess forDevice(UpdateConf conf, UnaryOperator<Path> devicePath) {
        boolean plain = Setting.of(plainHttp, conf, ConfKey.PLAIN_HTTP, Setting::parseBoolean, false);
        Optional<AuthFile> file = Setting.of(authFile, conf, ConfKey.REGISTRY_AUTH_FILE)
                .map(path -> AuthFile.load(devicePath.apply(Path.of(path))));
        Optional<Credentials> configured =
                conf.get(ConfKey.REGISTRY_USERNAME).map(user -> new Credentials(user, password(conf, devicePath)));
        return RegistryAccess.of(
                plain, reference -> configured.or(() -> file.flatMap(f -> f.credentialsFor(reference))));
    }

    /**
     * Access for the release side, on a build machine: {@code --authfile}, else the files podman,
     * skopeo and docker log in to ({@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
     * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}), first that has an entry;
     * through the environment's proxies.
     */
    RegistryAccess forBuildMachine(Map<String, String> environment, Path home) {
        List<AuthFile> files = (authFile != null ? List.of(Path.of(authFile)) : standardAuthFiles(environment, home))
                .stream().map(AuthFile::load).toList();
        Function<Reference, Optional<Credentials>> lookup = reference -> files.stream()
                .map(file -> file.credentialsFor(reference))
                .flatMap(Optional::stream)
                .findFirst();
        return RegistryAccess.of(Boolean.TRUE.equals(plainHttp), lookup)
                .with(new HttpTransport(
                        RegistryAccess.DEFAULT_CONNECT_TIMEOUT,
                        RegistryAccess.DEFAULT_READ_TIMEOUT,
                        "kubesolo-update/" + VersionProvider.version(),
                        Retry.none(),
                        ProxyRules.fromEnvironment(environment),
                        TlsContexts.system()));
    }

    private static List<Path> standardAuthFiles(Map<String, String> environment, Path home) {
        List<Path> files = new java.util.ArrayList<>();
        Optional.ofNullable(environment.get("REGISTRY_AUTH_FILE")).map(Path::of).ifPresent(files::add);
        Optional.ofNullable(environment.get("XDG_RUNTIME_DIR"))
                .map(dir -> Path.of(dir, "containers", "auth.json"))
                .ifPresent(files::add);
        files.add(Optional.ofNullable(environment.get("DOCKER_CONFIG"))
                .map(Path::of)
                .orElse(home.resolve(".docker"))
                .resolve("config.json"));
        return files;
    }

    private static String password(UpdateConf conf, UnaryOperator<Path> devicePath) {
        Optional<String> inline = conf.get(ConfKey.REGISTRY_PASSWORD);
        if (inline.isPresent()) {
            return inline.get();
        }
        Path file = devicePath.apply(
                Path.of(
                        conf.get(ConfKey.REGISTRY_PASSWORD_FILE)
                                .orElseThrow(
                                        () -> new OciException(
                                                OciException.Reason.AUTH_REFUSED,
                                                "update.conf sets registry_username but neither registry_password nor registry_password_file"))));
        try {
            if (Files.size(file) > MAX_PASSWORD_FILE) {
                throw new OciException(
                        OciException.Reason.AUTH_REFUSED, "registry password file " + file + " is too large");
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new OciException(
                    OciException.Reason.AUTH_REFUSED,
                    "cannot read registry password file " + file + ": " + e.getMessage(),
                    e);
        }
    }
}
