package io.kubesolo.update.cli;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where releases come from: {@code --server URL} (HTTP source) or {@code --registry HOST/PATH}
 * with {@code --tag TAG} (OCI source), never both: an exclusive argument group of {@code --server}
 * and a group of the other two, written in code ({@link CodedModel}). When neither is given,
 * update.conf's {@code server} or {@code registry}/{@code tag} apply, and a {@code --tag} alone
 * names the tag in update.conf's {@code registry}.
 */
final class SourceOptions {

    String server;
    String registry;
    String tag;

    /** Whether the flags name the OCI source: {@code --registry} or {@code --tag}, or both. */
    boolean namesRegistry() {
        return registry != null || tag != null;
    }

    /** Adds the group to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        ArgGroupSpec registryGroup = ArgGroupSpec.builder()
                .exclusive(false)
                .addArg(CodedModel.option(String.class, () -> registry, value -> registry = value, "--registry")
                        .paramLabel("HOST/PATH")
                        .description("OCI registry repository holding the releases (update.conf: registry).")
                        .build())
                .addArg(CodedModel.option(String.class, () -> tag, value -> tag = value, "--tag")
                        .paramLabel("TAG")
                        .description("Tag of the release in the registry (update.conf: tag).")
                        .build())
                .build();
        command.addArgGroup(ArgGroupSpec.builder()
                .exclusive(true)
                .multiplicity("0..1")
                .addArg(CodedModel.option(String.class, () -> server, value -> server = value, "--server")
                        .paramLabel("URL")
                        .description(
                                "HTTP update server; latest.json is fetched from URL/latest.json (update.conf: server).")
                        .build())
                .addSubgroup(registryGroup)
                .build());
    }
}
