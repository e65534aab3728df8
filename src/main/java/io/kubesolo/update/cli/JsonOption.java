package io.kubesolo.update.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, for every command that can print its result as one JSON document instead of
 * lines; the exit status is the same either way. docs/cli.md gives each command's fields.
 */
final class JsonOption {

    static final String NAME = "--json";

    @Option(
            names = NAME,
            description = "Print the result as one JSON document (fields: docs/cli.md); the exit status is the same.")
    boolean json;

    boolean enabled() {
        return json;
    }
}
