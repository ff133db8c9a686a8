package org.simdnn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Backend;
import org.simdnn.core.Parallelism;
import org.simdnn.dsl.Evaluation;
import org.simdnn.dsl.FitOptions;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.Optimizer;
import org.simdnn.dsl.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdnn train}: builds a preset network for the data, trains it with a progress bar and a per-epoch table,
 * and writes {@code OUT/model.simdnn}, {@code OUT/checkpoint.simdnn} and {@code OUT/run.json}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a network on a dataset and saves the model, a checkpoint and a run record.",
            "Default: the mlp-bn preset on the embedded UCI digits (fixed held-out split), 20 epochs."
        })
final class TrainCommand implements Callable<Integer> {

    /** Epochs and batch size when not given: small data trains longer on smaller batches. */
    private static final int SMALL_DATA = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data",
            paramLabel = "digits|fashion-mnist|DIR|FILE.csv",
            defaultValue = "digits",
            description = "the dataset (default: ${DEFAULT-VALUE}, embedded)")
    String data = "digits";

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            defaultValue = "mlp-bn",
            description = "network: mlp-bn (256-BN-ReLU-256-BN-ReLU), mlp, sigmoid-bn, sigmoid, lecun "
                    + "(default: ${DEFAULT-VALUE})")
    String preset = "mlp-bn";

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "epochs (default: 20 for small datasets such as digits, 5 otherwise)")
    @Nullable
    Integer epochs;

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "batch size (default: 32 for small datasets such as digits, 128 otherwise)")
    @Nullable
    Integer batch;

    @Option(
            names = "--optimizer",
            paramLabel = "sgd|adam",
            defaultValue = "sgd",
            description = "sgd (with momentum) or adam (default: ${DEFAULT-VALUE})")
    String optimizer = "sgd";

    @Option(names = "--lr", paramLabel = "F", description = "learning rate (default: 0.1 for sgd, 0.001 for adam)")
    @Nullable
    Float lr;

    @Option(
            names = "--momentum",
            paramLabel = "F",
            defaultValue = "0.9",
            description = "sgd momentum (default: ${DEFAULT-VALUE})")
    float momentum = 0.9f;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "seed of weights, shuffling and dropout (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "GEMM threads (default: available processors); results are the same for any count")
    @Nullable
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: runs/train-TIMESTAMP)")
    @Nullable
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "CHECKPOINT",
            description = "continue the run saved in this checkpoint (same data, preset and flags)")
    @Nullable
    Path resume;

    @Option(
            names = "--progress",
            negatable = true,
            description = "live progress bar on standard error (default: only on a terminal)")
    @Nullable
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        // every flag and the output folder first: a typo costs nothing, and no folder is made for a refused run
        Presets shape = Presets.of(preset);
        String optimizerName = optimizer.toLowerCase(Locale.ROOT);
        if (!optimizerName.equals("sgd") && !optimizerName.equals("adam")) {
            throw new IllegalArgumentException("--optimizer must be sgd or adam, got '" + optimizer + "'");
        }
        float learningRate = Flags.positive("--lr", lr != null ? lr : optimizerName.equals("adam") ? 0.001f : 0.1f);
        Flags.fraction("--momentum", momentum);
        if (epochs != null) {
            Flags.atLeast("--epochs", epochs, 1);
        }
        if (batch != null) {
            Flags.atLeast("--batch", batch, 1);
            if (batch < 2 && shape.hasBatchNorm()) {
                throw new IllegalArgumentException("--batch must be at least 2 for the " + shape.flag()
                        + " preset (batch norm needs two rows per batch), got " + batch);
            }
        }
        if (threads != null) {
            Flags.atLeast("--threads", threads, 1);
        }
        if (resume != null) {
            Flags.readableFile("--resume", resume);
        }
        OutputFolder folder = OutputFolder.check(
                "--out",
                out != null
                        ? out
                        : Path.of(
                                "runs",
                                "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Optimizer opt = optimizerName.equals("adam")
                ? Optimizer.adam(learningRate)
                : Optimizer.sgd(learningRate).momentum(momentum);

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Backend backend = BackendBanner.print(stdout, stderr);
        if (threads != null) {
            Parallelism.setDefault(threads);
        }
        DataSources.Loaded loaded = dataOptions.load(data);
        boolean small = loaded.train().size() <= SMALL_DATA;
        int epochCount = epochs != null ? epochs : small ? 20 : 5;
        int batchSize = batch != null ? batch : small ? 32 : 128;
        Path dir = folder.path();

        stdout.println("data: " + loaded.description());
        Network net = shape.build(loaded.train().featureCount(), loaded.train().classCount(), seed);
        stdout.println("preset " + shape.flag() + ": " + shape.description());
        stdout.print(net.summary());
        stdout.printf(
                Locale.ROOT,
                "training: %d epochs, batch %d, %s, seed %d, %d GEMM threads%n",
                epochCount,
                batchSize,
                opt,
                seed,
                Parallelism.current());

        int stepsPerEpoch = (loaded.train().size() + batchSize - 1) / batchSize;
        PrintStream bar = showProgress() ? System.err : null;
        EpochProgress table = new EpochProgress(stdout, bar, stepsPerEpoch, epochCount);
        TrainingPosition position = new TrainingPosition();
        Path checkpoint = dir.resolve("checkpoint.simdnn");
        try (StopOnSignal stop = new StopOnSignal()) {
            folder.create();
            FitOptions options = new FitOptions()
                    .epochs(epochCount)
                    .batchSize(batchSize)
                    .shuffle(true)
                    .seed(seed)
                    .optimizer(opt)
                    .validation(loaded.test())
                    .listener(position)
                    .listener(table)
                    .listener(stop)
                    .checkpoint(checkpoint);
            if (resume != null) {
                options.resumeFrom(resume);
            }
            table.start();
            long t0 = System.nanoTime();
            TrainingHistory history;
            try {
                history = net.fit(loaded.train(), options);
            } catch (ArithmeticException diverged) {
                table.endOfEpoch();
                folder.removeIfEmpty();
                throw new CommandFailure("the training loss became NaN or infinite in " + where(position, epochCount)
                        + "; " + kept(position, checkpoint) + ". Lower --lr (now " + learningRate + ")");
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            if (history.stopReason() == TrainingHistory.StopReason.INTERRUPTED) {
                // the flag was raised here, to stop fit; the command itself is done with it
                Thread.interrupted();
                table.endOfEpoch();
                folder.removeIfEmpty();
                // before this run's first epoch end, a resumed run continues from the checkpoint it came from
                Path continueFrom = position.lastCheckpointedEpoch() > 0 ? checkpoint : resume;
                stderr.println("simdnn train: interrupted in " + where(position, epochCount) + "; "
                        + kept(position, checkpoint)
                        + (continueFrom != null && Files.exists(continueFrom)
                                ? "; continue with: " + ResumeCommand.of(typedArguments(), dir, continueFrom)
                                : ""));
                stderr.flush();
                return SimdnnCli.EXIT_INTERRUPTED;
            }

            Evaluation test = net.evaluate(loaded.test());
            Path model = dir.resolve("model.simdnn");
            net.save(model);
            List<EpochProgress.Row> rows = EpochProgress.rows(history);
            RunRecord record = new RunRecord(
                    "train",
                    config(shape, epochCount, batchSize, optimizerName, learningRate, dir, bar != null),
                    seed,
                    backend,
                    Parallelism.current(),
                    loaded,
                    rows,
                    test.accuracy(),
                    test.loss(),
                    trainSeconds);
            Files.writeString(dir.resolve("run.json"), record.toJson());
            stdout.printf(
                    Locale.ROOT,
                    "test accuracy %.4f (loss %.4f) on %d held-out samples; training took %.1f s%n",
                    test.accuracy(),
                    test.loss(),
                    loaded.test().size(),
                    trainSeconds);
            stdout.println("wrote " + model + ", " + checkpoint + ", " + dir.resolve("run.json"));
            stdout.flush();
            String warning =
                    LearningCheck.warning(rows, test.accuracy(), loaded.train().classCount());
            if (warning != null) {
                stderr.println("simdnn train: " + warning);
                stderr.flush();
            }
            return 0;
        }
    }

    private Map<String, Object> config(
            Presets shape,
            int epochCount,
            int batchSize,
            String optimizerName,
            float learningRate,
            Path dir,
            boolean bar) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", data);
        config.put("label", dataOptions.label == null ? "last column" : dataOptions.label);
        config.put("header", !dataOptions.noHeader);
        config.put("preset", shape.flag());
        config.put("epochs", epochCount);
        config.put("batch", batchSize);
        config.put("optimizer", optimizerName);
        config.put("lr", learningRate);
        config.put("momentum", momentum);
        config.put("seed", seed);
        config.put("threads", Parallelism.current());
        config.put("out", dir.toString());
        config.put("resume", resume == null ? "" : resume.toString());
        config.put("progress", bar);
        return config;
    }

    /** "epoch 3/20, step 7 (update 55)": where a stopped run was, counted from 1 as the table does. */
    private static String where(TrainingPosition p, int epochCount) {
        if (p.epoch() == 0) {
            return "its first step";
        }
        return String.format(
                Locale.ROOT, "epoch %d/%d, step %d (update %d)", p.epoch(), epochCount, p.nextStep(), p.nextUpdate());
    }

    /** Which checkpoint a stopped run leaves: the one of its last epoch end, or the one it was resumed from. */
    private String kept(TrainingPosition p, Path checkpoint) {
        if (p.lastCheckpointedEpoch() > 0) {
            return checkpoint + " (after epoch " + p.lastCheckpointedEpoch() + ") is kept";
        }
        if (resume != null && p.epoch() > 1) {
            return resume + " (after epoch " + (p.epoch() - 1) + ") is kept";
        }
        return "no checkpoint was written (none is written before the end of epoch 1)";
    }

    /** The arguments as typed after {@code train}, for the resume command. */
    private List<String> typedArguments() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return at >= 0 ? all.subList(at + 1, all.size()) : all;
    }

    private boolean showProgress() {
        if (progress != null) {
            return progress;
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }
}
