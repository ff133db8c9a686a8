package org.simdnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Backend;
import org.simdnn.core.Parallelism;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simdnn experiment bn-sigmoid}: the batch-normalization experiment; writes a PNG figure and a summary. */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "Reproduces experiments from the literature.",
        subcommands = {ExperimentCommand.BnSigmoid.class})
final class ExperimentCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name the experiment: bn-sigmoid");
    }

    /** Ioffe and Szegedy (2015), Figure 1: sigmoid networks with and without batch normalization. */
    @Command(
            name = "bn-sigmoid",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Ioffe & Szegedy (2015) section 4.1 / Figure 1: 3 hidden layers of 100 sigmoids trained",
                "with and without batch normalization (same SGD, learning rate, batches and seed), plus a LeCun arm",
                "(standardized inputs + LeCun tanh). Writes bn-sigmoid.png, summary.md and curves.csv."
            })
    static final class BnSigmoid implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Option(
                names = "--data",
                paramLabel = "fashion-mnist|digits|DIR|FILE.csv",
                description = "the dataset (default: fashion-mnist when installed, else the embedded digits)")
        @Nullable
        String data;

        @Mixin
        DataOptions dataOptions = new DataOptions();

        @Option(
                names = "--steps",
                paramLabel = "N",
                defaultValue = "5000",
                description = "training steps per arm (default: ${DEFAULT-VALUE}; the paper ran 50000)")
        int steps;

        @Option(
                names = "--batch",
                paramLabel = "N",
                defaultValue = "60",
                description = "batch size (default: ${DEFAULT-VALUE}, as in the paper)")
        int batch;

        @Option(
                names = "--lr",
                paramLabel = "F",
                defaultValue = "0.1",
                description = "plain SGD learning rate for every arm (default: ${DEFAULT-VALUE})")
        float lr;

        @Option(
                names = "--eval-every",
                paramLabel = "N",
                description = "steps between test evaluations and probes (default: about steps / 50, a round number: "
                        + "100 for 5000 steps)")
        @Nullable
        Integer evalEvery;

        @Option(
                names = "--probe-unit",
                paramLabel = "N",
                defaultValue = "0",
                description = "which last-hidden-layer sigmoid to follow, 0..99 (default: ${DEFAULT-VALUE})")
        int probeUnit;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "42",
                description = "seed of weights and shuffling, the same for every arm (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--threads", paramLabel = "N", description = "GEMM threads (default: available processors)")
        @Nullable
        Integer threads;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "output directory (default: runs/bn-sigmoid-TIMESTAMP)")
        @Nullable
        Path out;

        @Override
        public Integer call() throws IOException {
            // flags and the output folder first, as train does: nothing is read or made for a refused run
            int every = evalEvery != null ? evalEvery : BnSigmoidExperiment.defaultEvalEvery(steps);
            BnSigmoidExperiment.Settings settings =
                    new BnSigmoidExperiment.Settings(steps, batch, lr, every, seed, probeUnit, 10_000);
            if (threads != null) {
                Flags.atLeast("--threads", threads, 1);
            }
            OutputFolder folder = OutputFolder.check(
                    "--out",
                    out != null
                            ? out
                            : Path.of(
                                    "runs",
                                    "bn-sigmoid-"
                                            + LocalDateTime.now()
                                                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            PrintWriter stdout = spec.commandLine().getOut();
            Backend backend = BackendBanner.print(stdout, spec.commandLine().getErr());
            // what else the machine was doing when the run started, for the summary's note on timings
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (threads != null) {
                Parallelism.setDefault(threads);
            }
            String dataSpec =
                    data != null ? data : Files.isDirectory(DataSources.fashionMnistDir()) ? "fashion-mnist" : "digits";
            if (data == null && dataSpec.equals("digits")) {
                stdout.println("Fashion-MNIST is not installed (sudo apt-get install dataset-fashion-mnist): "
                        + "running on the embedded digits instead");
            }
            DataSources.Loaded loaded = dataOptions.load(dataSpec);
            folder.create();
            Path dir = folder.path();
            stdout.println("data: " + loaded.description());
            stdout.printf(
                    Locale.ROOT,
                    "%d steps per arm, batch %d, plain SGD lr %s, test evaluation every %d steps, "
                            + "seed %d, %d GEMM threads%n",
                    steps,
                    batch,
                    lr,
                    every,
                    seed,
                    Parallelism.current());
            stdout.flush();
            List<BnSigmoidExperiment.ArmResult> arms =
                    BnSigmoidExperiment.run(loaded.train(), loaded.test(), settings, stdout);
            Path figure = dir.resolve("bn-sigmoid.png");
            ExperimentCharts.save(arms, loaded.name() + ", batch " + batch + ", SGD lr " + lr, steps, figure);
            Files.writeString(dir.resolve("curves.csv"), ExperimentReport.csv(arms));
            Files.writeString(
                    dir.resolve("summary.md"),
                    ExperimentReport.markdown(
                            arms,
                            loaded,
                            settings,
                            backend,
                            figure.getFileName().toString(),
                            load));
            stdout.println("wrote " + figure + ", " + dir.resolve("summary.md") + ", " + dir.resolve("curves.csv"));
            stdout.flush();
            return 0;
        }
    }
}
