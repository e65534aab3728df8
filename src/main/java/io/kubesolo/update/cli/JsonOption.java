package io.kubesolo.update.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code --json}, for every command that can print its result as one JSON document instead of
 * lines; the exit status is the same either way. docs/cli.md gives each command's fields.
 */
final class JsonOption {

    static final String NAME = "--json";

    private boolean json;

    /** Adds {@code --json} to {@code command}, bound to this. */
    void addTo(CommandSpec command) {
        command.addOption(CodedModel.option(boolean.class, () -> json, value -> json = value, NAME)
                .description(
                        "Print the result as one JSON document (fields: docs/cli.md); the exit status is the same.")
                .build());
    }

    boolean enabled() {
        return json;
    }
}
