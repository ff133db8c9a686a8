package org.simdnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.simdnn.core.Parallelism;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code simdnn info}: the backend, the JVM, the machine and which datasets are available. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Prints the active backend, the JVM, the machine and the datasets found.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BackendBanner.print(out, spec.commandLine().getErr());
        out.println("simdnn " + SimdnnCli.simdnnVersion() + ", java " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + "), " + Machine.os());
        out.println("machine: " + Machine.cpu() + ", " + Machine.cores() + " cores; GEMM threads: "
                + Parallelism.current());
        out.println("datasets:");
        out.println("  digits         embedded (UCI optical handwritten digits, 1,797 samples of 8x8, CC BY 4.0)");
        Path fashion = DataSources.fashionMnistDir();
        out.println("  fashion-mnist  "
                + (Files.isDirectory(fashion)
                        ? "found in " + fashion
                        : "not installed (sudo apt-get install dataset-fashion-mnist)"));
        out.println("  DIR            MNIST-style IDX files (train-images-idx3-ubyte[.gz], ...)");
        out.println("  FILE.csv       numeric CSV, label column with --label (default: the last)");
        out.flush();
        return 0;
    }
}
