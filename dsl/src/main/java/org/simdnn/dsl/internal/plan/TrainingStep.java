package org.simdnn.dsl.internal.plan;

/**
 * The part of a training step after the batch is in the workspace: the gradient computation (training forward,
 * loss, backward), then, when the loss is finite, the last-good snapshot, the optimizer update and the commit of
 * the batch statistics to the running statistics. Allocates nothing. {@code fit} runs it once per batch; the public
 * {@code Network.gradients} / {@code OptimizerState.apply} pair runs the same two halves separately.
 */
public final class TrainingStep {

    /** One optimizer update of every parameter from its gradient. */
    @FunctionalInterface
    public interface Update {
        /** Applies the update. */
        void apply();
    }

    /** Where a non-finite loss came from, judged before the model is put back. */
    public enum Failure {
        /** The batch's input (after standardization) holds a NaN or an infinity. */
        INPUT,
        /** The last update left a NaN or an infinity in a parameter or running statistic. */
        WEIGHTS,
        /** Inputs and weights were finite: the forward pass or the loss overflowed. */
        OVERFLOW
    }

    private final Plan plan;
    private final Workspace ws;
    private final Snapshot lastGood;
    private final Update update;
    private Failure failure = Failure.OVERFLOW;
    private int failureIndex;

    /**
     * @param plan     the plan to train
     * @param ws       a training workspace of that plan
     * @param lastGood the snapshot captured before every update
     * @param update   the optimizer update
     */
    public TrainingStep(Plan plan, Workspace ws, Snapshot lastGood, Update update) {
        this.plan = plan;
        this.ws = ws;
        this.lastGood = lastGood;
        this.update = update;
    }

    /**
     * Training forward, loss and backward on the first {@code rows} rows of the workspace: every parameter's
     * gradient overwritten, batch statistics measured, nothing updated.
     *
     * @param plan      the plan
     * @param ws        a training workspace, input and labels or targets filled
     * @param rows      batch rows
     * @param randomKey the batch's random key (dropout masks)
     * @return the batch's mean loss; when it is not finite, backward did not run
     */
    public static float gradients(Plan plan, Workspace ws, int rows, long randomKey) {
        plan.forward(ws, rows, randomKey);
        float loss = plan.loss(ws, rows);
        if (Float.isFinite(loss)) {
            plan.backward(ws, rows);
        }
        return loss;
    }

    private void diagnose(int rows) {
        float[] x = ws.input();
        int n = rows * plan.inputCount();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                failure = Failure.INPUT;
                failureIndex = i;
                return;
            }
        }
        for (Tensor t : plan.state().tensors().values()) {
            for (float v : t.value()) {
                if (!Float.isFinite(v)) {
                    failure = Failure.WEIGHTS;
                    return;
                }
            }
        }
        failure = Failure.OVERFLOW;
    }

    /** @return where the last non-finite loss came from */
    public Failure failure() {
        return failure;
    }

    /** @return for {@link Failure#INPUT}: the index of the first non-finite input value in the batch */
    public int failureIndex() {
        return failureIndex;
    }

    /**
     * Runs one step on the first {@code rows} rows of the workspace (input and labels or targets filled).
     *
     * @param rows      batch rows
     * @param randomKey the batch's random key (dropout masks)
     * @return the batch's mean loss before the update; when it is NaN or infinite, nothing was updated and the
     *     model is put back to the weights that gave the last finite loss (those before the last update)
     */
    public float run(int rows, long randomKey) {
        float loss = gradients(plan, ws, rows, randomKey);
        if (!Float.isFinite(loss)) {
            diagnose(rows);
            lastGood.restore();
            return loss;
        }
        lastGood.capture();
        update.apply();
        plan.commit(ws, rows);
        return loss;
    }
}
