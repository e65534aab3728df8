package io.kubesolo.update.testing;

import io.kubesolo.update.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the program in-process, as the shell would, and keeps what it printed. */
public final class Cli {

    private Cli() {
    }

    public record Run(int exitCode, String out, String err) {

        /** For assertion messages: everything the run printed. */
        public String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
