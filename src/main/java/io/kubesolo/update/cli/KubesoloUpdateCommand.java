package io.kubesolo.update.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command: lists the subcommands; running it without one prints the usage. The
 * subcommands are added by {@link Main}, all of them or only the one being run.
 */
@Command(
        name = "kubesolo-update",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Over-the-air A/B updates for KubeSolo OS, and the tool that publishes them.",
        footer = "The flags --root, --conf, --state, --json and --quiet may also come before the command:"
                + " kubesolo-update --root DIR status.")
final class KubesoloUpdateCommand implements Runnable {

    /** Every subcommand, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            StatusCommand.class,
            ActivateCommand.class,
            RollbackCommand.class,
            HealthcheckCommand.class,
            MetricsCommand.class,
            CloudInitCommand.class,
            SimulateCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            CheckCommand.class,
            ApplyCommand.class,
            PublishCommand.class,
            PushCommand.class,
            IndexCommand.class,
            RecompressCommand.class,
            RolloutBucketCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
