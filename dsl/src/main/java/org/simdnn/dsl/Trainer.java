package org.simdnn.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Seeds;
import org.simdnn.dsl.internal.plan.Workspace;

/** One run of {@link Network#fit}: the epoch and step loops over preallocated buffers. */
final class Trainer {

    private static final long SHUFFLE_SALT = 0x5348_5546_464CL;

    private final Network network;
    private final Plan plan;
    private final Dataset train;
    private final FitOptions options;
    private final long seed;
    private final int batch;
    private final Workspace ws;
    private final OptimizerState optimizer;
    private final int[] order;
    private final boolean skipSingleRow;

    Trainer(Network network, Dataset train, FitOptions options) {
        this.network = network;
        this.plan = network.plan();
        this.train = train;
        this.options = options;
        this.seed = options.seedOr(network.seed());
        int declared = network.declaredMaxBatch();
        if (declared > 0 && options.batchSize() > declared) {
            throw new IllegalArgumentException("batchSize " + options.batchSize() + " is larger than the network's"
                + " declared maxBatch " + declared + ": lower the batch size or raise maxBatch");
        }
        boolean batchNorm = network.state().hasBatchNorm();
        if (batchNorm && (options.batchSize() < 2 || train.size() < 2)) {
            throw new IllegalArgumentException("the network has batch norm, whose training statistics need at least"
                + " 2 rows per batch, but batchSize is " + options.batchSize() + " and the data has " + train.size()
                + " row(s): use a batch size of at least 2 and at least 2 samples");
        }
        this.skipSingleRow = batchNorm;
        this.batch = Math.min(options.batchSize(), train.size());
        this.ws = network.trainingWorkspace(batch);
        this.optimizer = new OptimizerState(options.optimizer(), network.state().parameters());
        this.order = new int[train.size()];
    }

    TrainingHistory run() {
        List<EpochStats> history = new ArrayList<>();
        int epochs = options.epochs();
        for (int epoch = 0; epoch < epochs; epoch++) {
            float lr = options.schedule().learningRate(options.optimizer().learningRate(), epoch, epochs);
            if (!(lr >= 0f) || Float.isInfinite(lr)) {
                throw new IllegalArgumentException("the learning-rate schedule returned " + lr + " for epoch " + epoch
                    + ": it must be finite and >= 0");
            }
            optimizer.setLearningRate(lr);
            history.add(epoch(epoch));
        }
        return new TrainingHistory(history, TrainingHistory.StopReason.COMPLETED);
    }

    private EpochStats epoch(int epoch) {
        long start = System.nanoTime();
        fillOrder(epoch);
        int n = train.size();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;
        for (int from = 0; from < n; from += batch, step++) {
            int rows = Math.min(batch, n - from);
            if (rows == 1 && skipSingleRow) {
                continue;
            }
            gather(from, rows);
            plan.forward(ws, rows, Seeds.mix(Seeds.mix(seed, epoch), step));
            float loss = plan.loss(ws, rows);
            if (!Float.isFinite(loss)) {
                throw new ArithmeticException("the training loss became " + loss + " at epoch " + epoch + ", step "
                    + step + ": lower the learning rate, standardize the inputs (standardize()) or add batchNorm()");
            }
            if (plan.head().classification()) {
                correct += plan.correct(ws, rows);
            }
            plan.backward(ws, rows);
            optimizer.step();
            lossSum += (double) loss * rows;
            seen += rows;
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        double accuracy = plan.head().classification() ? (double) correct / seen : Double.NaN;
        return new EpochStats(epoch, lossSum / seen, accuracy, Double.NaN, Double.NaN, seen / seconds, seconds);
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
        for (int r = 0; r < rows; r++) {
            int row = order[from + r];
            System.arraycopy(x, row * f, input, r * f, f);
            if (classes) {
                ws.labels()[r] = train.labels()[row];
            } else {
                System.arraycopy(train.targets(), row * k, ws.targets(), r * k, k);
            }
        }
        network.standardizeInput(ws, rows);
    }
}
