package org.simdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code simdnn} command: train, evaluate and predict with simdnn networks, and run the batch-normalization
 * experiment. Run it through the {@code ./simdnn} launcher at the repository root, which finds a JDK 25, builds
 * this jar when needed and passes {@code --add-modules jdk.incubator.vector}.
 */
@Command(
        name = "simdnn",
        mixinStandardHelpOptions = true,
        versionProvider = SimdnnCli.Version.class,
        description = "Trains and runs batch-normalized networks on the simdnn SIMD kernels.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExperimentCommand.class,
            InfoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SimdnnCli implements Runnable {

    /** Exit code of a run whose input (data, model file, option value) is wrong, or whose training diverged. */
    static final int EXIT_BAD_INPUT = 1;

    /**
     * Exit code of a run stopped by Ctrl-C: 128 + SIGINT, as shells report it. The JVM exits with 128 + the signal
     * number itself (143 for SIGTERM); this is what the command returns when run in-process.
     */
    static final int EXIT_INTERRUPTED = 130;

    /** Held in a field: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger SIMDNN_LOGGER = java.util.logging.Logger.getLogger("org.simdnn");

    @Spec
    private CommandSpec spec;

    private SimdnnCli() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "give a command: train, evaluate, predict, experiment or info (simdnn help COMMAND for its options)");
    }

    /**
     * Runs the command line and exits with its status: 0 on success, 1 for bad input (a data or model file, an
     * option value), 2 for a usage error.
     *
     * @param args the command line, e.g. {@code train --epochs 5}
     */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // core logs its backend choice once (INFO, or WARNING on the scalar fallback); every command's banner says
        // it already, so the log line would only repeat it in the middle of the output. Other warnings still show.
        SIMDNN_LOGGER.setLevel(java.util.logging.Level.WARNING);
        SIMDNN_LOGGER.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("simdnn backend: "));
        CommandLine commandLine = new CommandLine(new SimdnnCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IOException
                    || e instanceof UncheckedIOException
                    || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof CommandFailure
                    || e instanceof ArithmeticException) {
                cmd.getErr().println("simdnn " + cmd.getCommandName() + ": " + ErrorMessages.of(e));
                cmd.getErr().flush();
                return EXIT_BAD_INPUT;
            }
            throw e;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The version of simdnn, from the jar manifest (or "development build" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "simdnn " + simdnnVersion(),
                "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }

    static String simdnnVersion() {
        String v = SimdnnCli.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }
}
