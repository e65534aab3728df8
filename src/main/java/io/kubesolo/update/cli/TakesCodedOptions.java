package io.kubesolo.update.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose model picocli reads from annotations but which also takes options written in
 * code ({@link DeviceOptions}, {@link RegistryAccessOptions}; {@link CodedModel} says why those
 * are). {@link Main} adds them once the command is built, so that each option is declared in one
 * place only.
 */
interface TakesCodedOptions {

    /** Adds this command's coded options to its model. */
    void addCodedOptions(CommandSpec model);
}
