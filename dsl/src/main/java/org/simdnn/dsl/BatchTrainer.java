package org.simdnn.dsl;

import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Snapshot;
import org.simdnn.dsl.internal.plan.TrainingStep;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * Training one batch at a time (Keras' {@code train_on_batch}): the step {@code fit} runs for each of its batches,
 * for callers that drive the loop themselves (streams, custom schedules, benchmarks). Each call loads the rows
 * into a preallocated workspace, computes the gradients, applies one optimizer update and commits the batch
 * statistics; a steady-state call allocates nothing. Get one from {@link Network#batchTrainer}.
 */
public final class BatchTrainer {

    private final Network network;
    private final Plan plan;
    private final Workspace ws;
    private final OptimizerState optimizer;
    private final TrainingStep step;
    private final BatchLoader loader;
    private final int capacity;
    private long calls;
    private int lastRows;

    BatchTrainer(Network network, Optimizer optimizer, int capacity) {
        this.network = network;
        this.plan = network.plan();
        this.capacity = capacity;
        this.ws = network.trainingWorkspace(capacity);
        this.optimizer = new OptimizerState(network, optimizer);
        this.step = new TrainingStep(plan, ws, new Snapshot(network.state()), this.optimizer::step);
        this.loader = new BatchLoader(network);
    }

    /**
     * One training step on all rows of {@code batch}, with the random key (dropout masks) of the call count.
     *
     * @param batch at most the capacity's rows, shaped like the training data (at least 2 rows with batch norm)
     * @return the batch's mean loss before the update
     * @throws ArithmeticException when the loss is not finite (the network keeps the weights of the last finite
     *                             loss)
     */
    public float trainOnBatch(Dataset batch) {
        network.checkData(batch, "batch");
        if (batch.size() > capacity) {
            throw new IllegalArgumentException("the batch has " + batch.size() + " rows, more than this trainer's "
                    + capacity + ": make the trainer with a larger batch size");
        }
        if (network.state().hasBatchNorm() && batch.size() < 2) {
            throw new IllegalArgumentException(
                    "the network has batch norm, whose training statistics need at least" + " 2 rows; the batch has 1");
        }
        return network.exclusively(() -> {
            float loss = step(batch, null, 0, batch.size(), calls++);
            if (!Float.isFinite(loss)) {
                throw new ArithmeticException("the training loss became " + loss + " at update "
                        + (optimizer.steps() + 1) + "; the network keeps the weights of the last step with a finite"
                        + " loss. Hint: " + failureHint(optimizer.currentLearningRate()));
            }
            return loss;
        });
    }

    /** fit's step: the caller holds the network and has checked the batch. */
    float step(Dataset data, int @Nullable [] order, int from, int rows, long randomKey) {
        loader.load(ws, data, order, from, rows);
        lastRows = rows;
        return step.run(rows, randomKey);
    }

    /** @return the optimizer state the steps update (its learning rate can be changed between steps) */
    public OptimizerState optimizer() {
        return optimizer;
    }

    Workspace workspace() {
        return ws;
    }

    private float largestInput() {
        float max = 0f;
        float[] x = ws.input();
        for (int i = 0; i < lastRows * network.inputCount(); i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return max;
    }

    /**
     * A hint that fits where the last non-finite loss came from: the input data, the weights after an update, or
     * an overflow in the forward pass.
     *
     * @param learningRate the learning rate in use
     * @return the hint, a sentence
     */
    String failureHint(float learningRate) {
        int f = network.inputCount();
        return switch (step.failure()) {
            case INPUT ->
                "the batch's input holds " + ws.input()[step.failureIndex()] + " at row "
                        + step.failureIndex() / f + ", feature " + step.failureIndex() % f
                        + (network.standardizes() ? " after standardization" : "")
                        + ": the data, not the training, is at fault; check that feature"
                        + " (values beyond the float range once scaled?)";
            case WEIGHTS ->
                "the previous update made a weight or running statistic non-finite: lower the learning" + " rate (now "
                        + learningRate + ")";
            case OVERFLOW ->
                optimizer.steps() == 0
                        ? "the forward pass overflowed on the first step, before any update, so the input data is too large"
                                + " for these weights (largest |x| in the batch " + largestInput()
                                + "): standardize the inputs"
                                + " (standardize()) or scale them"
                        : "inputs (largest |x| in the batch " + largestInput()
                                + ") and weights are finite but the forward"
                                + " pass overflowed: lower the learning rate (now " + learningRate
                                + "), standardize the inputs"
                                + " (standardize()) or add batchNorm()";
        };
    }
}
