package io.kubesolo.update.cli;

import io.kubesolo.update.publish.Recompressor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recompress}: an initramfs as rsyncable gzip, so that delta updates reuse most of it. */
@Command(
        mixinStandardHelpOptions = true,
        description = {
            "Rewrite a gzip initramfs as rsyncable gzip (docs/delta.md): it decompresses to exactly the same"
                    + " bytes, but a change to one file of it changes only the compressed bytes near it, so a"
                    + " delta update fetches little. Run it on the initramfs before 'publish' or 'push'."
        })
final class RecompressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The gzip file to recompress.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the rsyncable gzip (may be IN).")
    Path out;

    @Option(
            names = "--level",
            defaultValue = "6",
            paramLabel = "N",
            description = "Deflate level, 1 (fastest) to 9 (smallest); default ${DEFAULT-VALUE}, as gzip's.")
    int level;

    @Override
    public Integer call() throws IOException {
        if (level < 1 || level > 9) {
            throw new ParameterException(spec.commandLine(), "--level must be 1 to 9, not " + level);
        }
        new Recompressor(level).recompress(in, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("recompressed " + in + " into " + out + " (" + Files.size(out) + " bytes, rsyncable)");
        stdout.flush();
        return ExitCodes.SUCCESS;
    }
}
