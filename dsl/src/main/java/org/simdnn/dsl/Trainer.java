package org.simdnn.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.io.ModelFileReader;
import org.simdnn.dsl.internal.io.ModelFileWriter;
import org.simdnn.dsl.internal.plan.Parameter;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Snapshot;
import org.simdnn.dsl.internal.plan.TrainingStep;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * One run of {@link Network#fit}: the epoch and step loops over preallocated buffers. A steady-state step copies
 * its rows into the workspace, runs the plan forward, computes the loss, captures the last-good snapshot, runs
 * backward and one optimizer update, and allocates nothing.
 */
final class Trainer {

    private static final long SHUFFLE_SALT = 0x5348_5546_464CL;
    private static final long SPLIT_SALT = 0x5350_4C49_54L;

    private final Network network;
    private final Plan plan;
    private final Dataset train;
    private final @Nullable Dataset validation;
    private final FitOptions options;
    private final long seed;
    private final int batch;
    private final Workspace ws;
    private final OptimizerState optimizer;
    private final TrainingStep trainingStep;
    private final int[] order;
    private final boolean skipSingleRow;
    private final TrainingListener[] listeners;
    private final StepEvent stepEvent;
    private float learningRate;
    private int startEpoch;
    private final List<EpochStats> history = new ArrayList<>();

    Trainer(Network network, Dataset data, FitOptions options) {
        this.network = network;
        this.plan = network.plan();
        this.options = options;
        this.seed = options.seedOr(network.seed());
        if (options.validationFraction() > 0) {
            Dataset.Split split = data.split(1 - options.validationFraction(), Seeds.mix(seed ^ SPLIT_SALT, 0));
            this.train = split.train();
            this.validation = split.test();
        } else {
            this.train = data;
            this.validation = options.validation();
        }
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
        if (batchNorm && (options.batchSize() < 2 || train.size() < 2)) {
            throw new IllegalArgumentException("the network has batch norm, whose training statistics need at least"
                + " 2 rows per batch, but batchSize is " + options.batchSize() + " and the training data has "
                + train.size() + " row(s): use a batch size of at least 2 and at least 2 samples");
        }
        this.skipSingleRow = batchNorm;
        this.batch = Math.min(options.batchSize(), train.size());
        this.ws = network.trainingWorkspace(batch);
        this.optimizer = new OptimizerState(options.optimizer(), network.state().parameters());
        this.trainingStep = new TrainingStep(plan, ws, new Snapshot(network.state()), optimizer::step);
        this.order = new int[train.size()];
        this.listeners = options.listeners().toArray(TrainingListener[]::new);
        this.stepEvent = new StepEvent(network);
    }

    /** @return the training rows (the data minus a validation split) */
    Dataset trainingData() {
        return train;
    }

    TrainingHistory run() {
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
        w.putInt("fit.nextEpoch", nextEpoch)
            .putLong("fit.seed", seed)
            .putLong("fit.optimizerSteps", optimizer.steps())
            .putString("fit.optimizer", optimizer.optimizer().kind.name());
        long[] h = new long[history.size() * 7];
        for (int e = 0; e < history.size(); e++) {
            EpochStats s = history.get(e);
            double[] v = {s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy(),
                s.samplesPerSecond(), s.seconds()};
            for (int j = 0; j < 7; j++) {
                h[e * 7 + j] = Double.doubleToRawLongBits(v[j]);
            }
        }
        w.putLongs("fit.history", h);
        List<Parameter> params = network.state().parameters();
        for (int i = 0; i < params.size(); i++) {
            w.putFloats("optimizer." + i + ".first", optimizer.first(i));
            w.putFloats("optimizer." + i + ".second", optimizer.second(i));
        }
        try {
            w.write(file);
            return true;
        } catch (ClosedByInterruptException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint after epoch " + (nextEpoch - 1) + " to "
                + file + ": " + e.getMessage(), e);
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
        long steps = r.getLong("fit.optimizerSteps", 0, Long.MAX_VALUE / 2);
        long[] h = r.getLongs("fit.history", next * 7);
        List<Parameter> params = network.state().parameters();
        float[][] first = new float[params.size()][];
        float[][] second = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            int n = params.get(i).size();
            first[i] = ModelCodec.finite(r, "optimizer." + i + ".first",
                r.getFloats("optimizer." + i + ".first", n));
            second[i] = ModelCodec.finite(r, "optimizer." + i + ".second",
                r.getFloats("optimizer." + i + ".second", optimizer.second(i).length));
        }
        optimizer.restore(steps, first, second);
        for (int e = 0; e < next; e++) {
            double[] v = new double[7];
            for (int j = 0; j < 7; j++) {
                v[j] = Double.longBitsToDouble(h[e * 7 + j]);
            }
            history.add(new EpochStats((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        startEpoch = next;
    }

    /** @return the epoch's statistics, or null when the thread was interrupted before one of its steps */
    private @Nullable EpochStats epoch(int epoch) {
        long start = System.nanoTime();
        fillOrder(epoch);
        int n = train.size();
        boolean classes = plan.head().classification();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;
        for (int from = 0; from < n && !stepEvent.stop; from += batch, step++) {
            int rows = Math.min(batch, n - from);
            if (rows == 1 && skipSingleRow) {
                continue;
            }
            // checked, not cleared: the caller (Future.cancel, a coroutine) still sees the interrupt
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            gather(from, rows);
            float loss = trainingStep.run(rows, Seeds.mix(Seeds.mix(seed, epoch), step));
            if (!Float.isFinite(loss)) {
                throw new ArithmeticException("the training loss became " + loss + " at epoch " + epoch + ", step "
                    + step + " (update " + (optimizer.steps() + 1) + "); the network keeps the weights of the last"
                    + " step with a finite loss. Hint: lower the learning rate (now " + learningRate + "),"
                    + " standardize the inputs (standardize()) or add batchNorm()");
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
        return new EpochStats(epoch, seen > 0 ? lossSum / seen : Double.NaN, accuracy, validationLoss,
            validationAccuracy, seen / seconds, seconds);
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

    private void fillOrder(int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed ^ SHUFFLE_SALT, epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** Copies the batch's rows (and labels or targets) into the workspace and standardizes them. */
    private void gather(int from, int rows) {
        int f = train.featureCount();
        float[] x = train.features();
        float[] input = ws.input();
        boolean classes = train.isClassification();
        int k = train.targetCount();
        int[] labels = classes ? train.labels() : null;
        float[] targets = classes ? null : train.targets();
        for (int r = 0; r < rows; r++) {
            int row = order[from + r];
            System.arraycopy(x, row * f, input, r * f, f);
            if (labels != null) {
                ws.labels()[r] = labels[row];
            } else if (targets != null) {
                System.arraycopy(targets, row * k, ws.targets(), r * k, k);
            }
        }
        network.standardizeInput(ws, rows);
    }
}
