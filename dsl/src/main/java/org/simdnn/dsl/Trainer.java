package org.simdnn.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * One run of {@link Network#fit}: the epoch and step loops over preallocated buffers. A steady-state step loads
 * its rows into the workspace ({@link BatchLoader}), computes the gradients (training forward, loss, backward),
 * applies one optimizer update and commits the batch statistics ({@link TrainingStep}: the same two halves as the
 * public {@link Network#gradients} and {@link OptimizerState#apply}), and allocates nothing.
 */
final class Trainer {

    private static final long SHUFFLE_SALT = 0x5348_5546_464CL;
    private static final long SPLIT_SALT = 0x5350_4C49_54L;

    /** Where the batches come from. */
    sealed interface Source {
        /**
         * Rows of one dataset, in an order shuffled per epoch.
         *
         * @param train   the training rows
         * @param heldOut the validation rows split off, or null
         */
        record Rows(Dataset train, @Nullable Dataset heldOut) implements Source {}

        /**
         * Batches from a user's source.
         *
         * @param source  the source
         * @param network checks each batch's shape
         */
        record Batches(BatchSource source, Network network) implements Source {}
    }

    private final Network network;
    private final Plan plan;
    private final Source source;
    private final @Nullable Dataset validation;
    private final FitOptions options;
    private final long seed;
    private final int batch;
    private final BatchTrainer steps;
    private final Workspace ws;
    private final OptimizerState optimizer;
    private final int[] order;
    private final boolean skipSingleRow;
    private final TrainingListener[] listeners;
    private final StepEvent stepEvent;
    private float learningRate;
    private int startEpoch;
    private final List<EpochStats> history = new ArrayList<>();

    Trainer(Network network, Dataset data, FitOptions options) {
        this(network, rows(network, data, options), options);
    }

    private static Source.Rows rows(Network network, Dataset data, FitOptions options) {
        if (options.validationFraction() > 0) {
            long seed = options.seedOr(network.seed());
            Dataset.Split split = data.split(1 - options.validationFraction(), Seeds.mix(seed ^ SPLIT_SALT, 0));
            return new Source.Rows(split.train(), split.test());
        }
        return new Source.Rows(data, null);
    }

    Trainer(Network network, Source source, FitOptions options) {
        this.network = network;
        this.plan = network.plan();
        this.options = options;
        this.source = source;
        this.seed = options.seedOr(network.seed());
        Dataset train = source instanceof Source.Rows r ? r.train() : null;
        Dataset heldOut = source instanceof Source.Rows r ? r.heldOut() : null;
        this.validation = heldOut != null ? heldOut : options.validation();
        Metric metric = options.earlyStoppingMetric();
        if (metric != null && metric.needsValidation() && validation == null) {
            throw new IllegalArgumentException("early stopping on " + metric + " needs validation data: set"
                    + " validation(dataset) or validationSplit(fraction), or watch TRAINING_LOSS");
        }
        if (metric != null && metric.needsClasses() && !plan.head().classification()) {
            throw new IllegalArgumentException("early stopping on " + metric + " needs a classifier; this network"
                    + " ends with mse(): watch a loss instead");
        }
        int declared = network.declaredMaxBatch();
        if (declared > 0 && options.batchSize() > declared) {
            throw new IllegalArgumentException("batchSize " + options.batchSize() + " is larger than the network's"
                    + " declared maxBatch " + declared + ": lower the batch size or raise maxBatch");
        }
        boolean batchNorm = network.state().hasBatchNorm();
        if (batchNorm && (options.batchSize() < 2 || (train != null && train.size() < 2))) {
            throw new IllegalArgumentException("the network has batch norm, whose training statistics need at least"
                    + " 2 rows per batch, but batchSize is " + options.batchSize()
                    + (train == null ? "" : " and the training data has " + train.size() + " row(s)")
                    + ": use a batch size of at least 2"
                    + (train == null ? "" : " and at least 2 samples"));
        }
        this.skipSingleRow = batchNorm;
        this.batch = train != null ? Math.min(options.batchSize(), train.size()) : options.batchSize();
        this.steps = new BatchTrainer(network, options.optimizer(), batch);
        this.ws = steps.workspace();
        this.optimizer = steps.optimizer();
        this.order = new int[train != null ? train.size() : 0];
        this.listeners = options.listeners().toArray(TrainingListener[]::new);
        this.stepEvent = new StepEvent(network);
    }

    /** @return the training rows (the data minus a validation split); only for a dataset source */
    Dataset trainingRows() {
        if (!(source instanceof Source.Rows r)) {
            throw new IllegalStateException("a batch source has no training rows in one dataset");
        }
        return r.train();
    }

    TrainingHistory run() {
        Path checkpointFile = options.checkpoint();
        if (checkpointFile != null) {
            prepareCheckpointFolder(checkpointFile);
        }
        int epochs = options.epochs();
        Metric metric = options.earlyStoppingMetric();
        double best = Double.NaN;
        int sinceBest = 0;
        if (metric != null) {
            // a resumed fit replays the early-stopping bookkeeping over the checkpoint's epochs
            for (EpochStats stats : history) {
                double value = metric.of(stats);
                if (improves(metric, value, best)) {
                    best = value;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
            }
        }
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            float lr = options.schedule().learningRate(options.optimizer().learningRate(), epoch, epochs);
            if (!(lr >= 0f) || Float.isInfinite(lr)) {
                throw new IllegalArgumentException("the learning-rate schedule returned " + lr + " for epoch " + epoch
                        + ": it must be finite and >= 0");
            }
            learningRate = lr;
            optimizer.setLearningRate(lr);
            EpochStats stats = epoch(epoch);
            if (stats == null) {
                return new TrainingHistory(history, TrainingHistory.StopReason.INTERRUPTED);
            }
            history.add(stats);
            Path checkpoint = options.checkpoint();
            if (checkpoint != null && !writeCheckpoint(checkpoint, epoch + 1)) {
                return new TrainingHistory(history, TrainingHistory.StopReason.INTERRUPTED);
            }
            boolean stop = stepEvent.stop;
            EpochEvent event = new EpochEvent(network, stats, epochs);
            for (TrainingListener l : listeners) {
                l.onEpoch(event);
            }
            if (stop || event.stop) {
                return new TrainingHistory(history, TrainingHistory.StopReason.LISTENER);
            }
            if (metric != null) {
                double value = metric.of(stats);
                if (improves(metric, value, best)) {
                    best = value;
                    sinceBest = 0;
                } else if (++sinceBest >= options.patience()) {
                    return new TrainingHistory(history, TrainingHistory.StopReason.EARLY_STOPPING);
                }
            }
        }
        return new TrainingHistory(history, TrainingHistory.StopReason.COMPLETED);
    }

    private static boolean improves(Metric metric, double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        return Double.isNaN(best) || (metric.higherIsBetter() ? value > best : value < best);
    }

    /** @return false when an interrupt during the write abandoned it (the previous checkpoint file is intact) */
    private boolean writeCheckpoint(Path file, int nextEpoch) {
        ModelFileWriter w = new ModelFileWriter(ModelCodec.CHECKPOINT);
        ModelCodec.putModel(w, network);
        ModelCodec.putFitState(w, nextEpoch, seed, optimizer, history);
        try {
            w.write(file);
            return true;
        } catch (ClosedByInterruptException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write the checkpoint after epoch " + (nextEpoch - 1) + " to " + file + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void prepareCheckpointFolder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            if (java.nio.file.Files.isDirectory(file)) {
                throw new IOException("it is a directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoints to " + file + " (checked before the first epoch): "
                            + (e instanceof java.nio.file.FileAlreadyExistsException
                                    ? e.getMessage() + " is a file, not a folder"
                                    : e.getMessage()),
                    e);
        }
    }

    /**
     * Continues from a checkpoint whose model part the network has already taken: optimizer state, epoch and
     * history.
     */
    void resume(ModelFileReader r) throws IOException {
        long savedSeed = r.getLong("fit.seed");
        if (savedSeed != seed) {
            throw r.error("the checkpoint was trained with seed " + savedSeed + " but this fit uses seed " + seed
                    + ": set FitOptions.seed(" + savedSeed + ") to continue it exactly");
        }
        String kind = r.getString("fit.optimizer");
        if (!kind.equals(options.optimizer().kind.name())) {
            throw r.error("the checkpoint's optimizer is " + (kind.length() > 20 ? kind.substring(0, 20) : kind)
                    + " but this fit uses " + options.optimizer() + ": resume with the same optimizer");
        }
        int next = r.getInt("fit.nextEpoch", 1, 1 << 24);
        optimizer.restore(ModelCodec.readOptimizer(r, optimizer.layout()));
        history.addAll(ModelCodec.readHistory(r, next));
        startEpoch = next;
    }

    /** @return the epoch's statistics, or null when the thread was interrupted before one of its steps */
    private @Nullable EpochStats epoch(int epoch) {
        long start = System.nanoTime();
        boolean classes = plan.head().classification();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;
        Batches batches = batches(epoch);
        for (; !stepEvent.stop; step++) {
            // checked, not cleared: the caller (Future.cancel, a coroutine) still sees the interrupt
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            int rows = batches.next(step);
            if (rows == 0) {
                break;
            }
            if (rows < 0) {
                continue; // a single row that batch norm cannot train on
            }
            float loss = batches.lastLoss;
            if (!Float.isFinite(loss)) {
                throw new ArithmeticException("the training loss became " + loss + " at epoch " + epoch + ", step "
                        + step + " (update " + (optimizer.steps() + 1) + "); the network keeps the weights of the last"
                        + " step with a finite loss. Hint: " + steps.failureHint(learningRate));
            }
            // the forward values are still in the workspace: backward and the update do not touch them
            int right = classes ? plan.correct(ws, rows) : 0;
            lossSum += (double) loss * rows;
            correct += right;
            seen += rows;
            if (listeners.length > 0) {
                notifyStep(epoch, step, rows, loss, classes ? (double) right / rows : Double.NaN, seen, start);
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            // before the epoch's end: an interrupted thread cannot write the checkpoint (its channel would close)
            return null;
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        double accuracy = classes && seen > 0 ? (double) correct / seen : Double.NaN;
        double validationLoss = Double.NaN;
        double validationAccuracy = Double.NaN;
        if (validation != null) {
            Evaluation e = network.evaluate(validation);
            validationLoss = e.loss();
            validationAccuracy = e.accuracy();
        }
        return new EpochStats(
                epoch,
                seen > 0 ? lossSum / seen : Double.NaN,
                accuracy,
                validationLoss,
                validationAccuracy,
                seen / seconds,
                seconds);
    }

    /**
     * An epoch's batches: each {@link #next} trains on one and returns its rows (negative for a skipped single
     * row), 0 at the end.
     */
    private abstract static class Batches {
        float lastLoss;

        abstract int next(int step);
    }

    private long key(int epoch, int step) {
        return Seeds.mix(Seeds.mix(seed, epoch), step);
    }

    private boolean skipped(int rows) {
        return rows == 1 && skipSingleRow;
    }

    private Batches batches(int epoch) {
        if (source instanceof Source.Rows r) {
            Dataset train = r.train();
            if (options.shuffle()) {
                Dataset.shuffle(order, new SplittableRandom(Seeds.mix(seed ^ SHUFFLE_SALT, epoch)));
            } else {
                java.util.Arrays.setAll(order, i -> i);
            }
            return new Batches() {
                private int from;

                @Override
                int next(int step) {
                    int rows = Math.min(batch, train.size() - from);
                    if (rows <= 0) {
                        return 0;
                    }
                    int at = from;
                    from += rows;
                    if (skipped(rows)) {
                        return -1;
                    }
                    lastLoss = steps.step(train, order, at, rows, key(epoch, step));
                    return rows;
                }
            };
        }
        Source.Batches b = (Source.Batches) source;
        Iterator<Dataset> it = b.source().batches(epoch);
        return new Batches() {
            @Override
            int next(int step) {
                if (!it.hasNext()) {
                    return 0;
                }
                Dataset d = it.next();
                b.network().checkData(d, "batch " + step + " of epoch " + epoch + " of the");
                if (d.size() > batch) {
                    throw new IllegalArgumentException("the batch source gave " + d.size() + " rows in batch " + step
                            + " of epoch " + epoch + ", more than batchSize " + batch + ": set batchSize to the largest"
                            + " batch the source returns");
                }
                if (skipped(d.size())) {
                    return -1;
                }
                lastLoss = steps.step(d, null, 0, d.size(), key(epoch, step));
                return d.size();
            }
        };
    }

    private void notifyStep(int epoch, int step, int rows, float loss, double accuracy, long seen, long start) {
        StepEvent e = stepEvent;
        double seconds = (System.nanoTime() - start) * 1e-9;
        e.epoch = epoch;
        e.step = step;
        e.globalStep = optimizer.steps();
        e.batchSize = rows;
        e.loss = loss;
        e.accuracy = accuracy;
        e.learningRate = learningRate;
        e.seconds = seconds;
        e.samplesPerSecond = seen / seconds;
        for (TrainingListener l : listeners) {
            l.onStep(e);
        }
    }
}
