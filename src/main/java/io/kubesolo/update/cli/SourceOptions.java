package io.kubesolo.update.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where releases come from: {@code --server URL} (HTTP source) or {@code --registry HOST/PATH}
 * with {@code --tag TAG} (OCI source), never both. Used as an exclusive argument group; when
 * neither is given, update.conf's {@code server} or {@code registry}/{@code tag} apply, and a
 * {@code --tag} alone names the tag in update.conf's {@code registry}.
 */
final class SourceOptions {

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "HTTP update server; latest.json is fetched from URL/latest.json (update.conf: server).")
    String server;

    @ArgGroup(exclusive = false)
    RegistryOptions registry;

    static final class RegistryOptions {

        @Option(
                names = "--registry",
                paramLabel = "HOST/PATH",
                description = "OCI registry repository holding the releases (update.conf: registry).")
        String registry;

        @Option(
                names = "--tag",
                paramLabel = "TAG",
                description = "Tag of the release in the registry (update.conf: tag).")
        String tag;
    }
}
