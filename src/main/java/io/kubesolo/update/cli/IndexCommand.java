package io.kubesolo.update.cli;

import io.kubesolo.update.oci.ContentStore;
import io.kubesolo.update.oci.ContentStores;
import io.kubesolo.update.oci.Descriptor;
import io.kubesolo.update.oci.IndexComposer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code index}: a multi-architecture release under one tag, from per-architecture manifests already pushed. */
@Command(
        mixinStandardHelpOptions = true,
        description = {
            "Compose an OCI image index under --tag from per-architecture release manifests already in the"
                    + " repository (pushed with 'push'), each placed as linux/ARCH by its"
                    + " io.kubesolo.os.architecture annotation. Devices following --tag then pick their own.",
            "Example: index --registry r.example.com/kubesolo/os --tag stable --from v0.3.0-amd64 --from v0.3.0-arm64"
        })
final class IndexCommand implements Callable<Integer>, TakesCodedOptions {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--registry",
            required = true,
            paramLabel = "HOST/PATH",
            description = "Repository holding the manifests, e.g. registry.example.com/kubesolo/os, or oci-layout:DIR.")
    String registry;

    final RegistryAccessOptions access = new RegistryAccessOptions();

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "Tag of the index, e.g. stable.")
    String tag;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TAG",
            description = "Tag of a per-architecture manifest, repeatable: one per architecture.")
    List<String> from;

    @Override
    public void addCodedOptions(CommandSpec model) {
        access.addTo(model);
    }

    @Override
    public Integer call() {
        ContentStore store = ContentStores.open(
                registry,
                path -> path,
                access.forBuildMachine(System.getenv(), Path.of(System.getProperty("user.home"))));
        Descriptor index = new IndexComposer(store).compose(tag, from);
        PrintWriter out = spec.commandLine().getOut();
        out.println("pushed " + store.describe() + ":" + tag + " " + index.digest() + " (" + from.size()
                + " architectures)");
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
