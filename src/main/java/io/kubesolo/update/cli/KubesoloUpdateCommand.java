package io.kubesolo.update.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: lists the subcommands; running it without one prints the usage. */
@Command(name = "kubesolo-update",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Over-the-air A/B updates for KubeSolo OS, and the tool that publishes them.",
        subcommands = {
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
            RolloutBucketCommand.class,
        })
final class KubesoloUpdateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
