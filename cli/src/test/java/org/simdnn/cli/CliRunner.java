package org.simdnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, as {@code ./simdnn} would, and captures what it prints. */
final class CliRunner {

    private CliRunner() {}

    /** Exit status and what a command printed. */
    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SimdnnCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }
}
