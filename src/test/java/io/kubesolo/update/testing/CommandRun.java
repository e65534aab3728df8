package io.kubesolo.update.testing;

import io.kubesolo.update.cli.LeadingFlags;
import io.kubesolo.update.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the program: exit status and what it printed. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code args} as {@code main} does, with the model of the command being run only. */
    public static CommandRun of(String... given) {
        String[] args = LeadingFlags.moveBehindCommand(given);
        CommandLine commandLine = Main.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
