package io.kubesolo.update.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The top command: lists the subcommands; running it without one prints the usage. The
 * subcommands are added by {@link Main}, all of them or only the one being run. Its model, like
 * those of the commands a device runs all the time, is written in code ({@link CodedModel}).
 */
final class KubesoloUpdateCommand implements Runnable {

    /**
     * Every subcommand, in the order the usage lists them. The names are given here, not in the
     * commands' annotations: finding the command to run must not read annotations either.
     */
    static final List<Subcommand> COMMANDS = List.of(
            Subcommand.coded("status", () -> new StatusCommand().model()),
            Subcommand.coded("activate", () -> new ActivateCommand().model()),
            Subcommand.coded("rollback", () -> new RollbackCommand().model()),
            Subcommand.coded("healthcheck", () -> new HealthcheckCommand().model()),
            Subcommand.coded("metrics", () -> new MetricsCommand().model()),
            Subcommand.annotated("cloud-init", CloudInitCommand.class),
            Subcommand.annotated("simulate", SimulateCommand.class),
            Subcommand.annotated("keygen", KeygenCommand.class),
            Subcommand.annotated("sign", SignCommand.class),
            Subcommand.coded("check", () -> new CheckCommand().model()),
            Subcommand.coded("apply", () -> new ApplyCommand().model()),
            Subcommand.annotated("publish", PublishCommand.class),
            Subcommand.annotated("push", PushCommand.class),
            Subcommand.annotated("index", IndexCommand.class),
            Subcommand.annotated("recompress", RecompressCommand.class),
            Subcommand.annotated("rollout-bucket", RolloutBucketCommand.class));

    private final CommandSpec spec;

    KubesoloUpdateCommand() {
        spec = CodedModel.command(
                this, "kubesolo-update", "Over-the-air A/B updates for KubeSolo OS, and the tool that publishes them.");
        spec.versionProvider(new VersionProvider());
        spec.usageMessage()
                .footer("The flags --root, --conf, --state, --json and --quiet may also come before the command:"
                        + " kubesolo-update --root DIR status.");
    }

    /** What picocli runs: the model, written in code ({@link CodedModel}). */
    CommandSpec model() {
        return spec;
    }

    /** The subcommand named {@code name}, if there is one. */
    static Optional<Subcommand> named(String name) {
        for (Subcommand command : COMMANDS) {
            if (command.name().equals(name)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * A subcommand: its name, and its model, either written in code or read from the annotations
     * of a class. Either is made only when the command line is built.
     */
    static final class Subcommand {

        private final String name;
        private final Supplier<CommandSpec> coded;
        private final Class<?> annotated;

        private Subcommand(String name, Supplier<CommandSpec> coded, Class<?> annotated) {
            this.name = name;
            this.coded = coded;
            this.annotated = annotated;
        }

        static Subcommand coded(String name, Supplier<CommandSpec> model) {
            return new Subcommand(name, model, null);
        }

        static Subcommand annotated(String name, Class<?> command) {
            return new Subcommand(name, null, command);
        }

        String name() {
            return name;
        }

        /** What picocli's {@code addSubcommand} takes: a model, or a class to read one from. */
        Object model() {
            return coded != null ? coded.get() : annotated;
        }

        /** Whether {@code arg} names one of this command's own subcommands ({@code simulate init}). */
        boolean hasSubcommand(String arg) {
            if (annotated == null) {
                return false;
            }
            for (Class<?> sub : annotated.getAnnotation(Command.class).subcommands()) {
                if (sub.getAnnotation(Command.class).name().equals(arg)) {
                    return true;
                }
            }
            return false;
        }
    }
}
