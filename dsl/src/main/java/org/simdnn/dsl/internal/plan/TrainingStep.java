package org.simdnn.dsl.internal.plan;

/**
 * The part of a training step after the batch is in the workspace: forward (training mode), loss, last-good
 * snapshot, backward, optimizer update. Allocates nothing. {@code fit} runs it once per batch; the benchmarks call
 * it directly.
 */
public final class TrainingStep {

    /** One optimizer update of every parameter from its gradient. */
    @FunctionalInterface
    public interface Update {
        /** Applies the update. */
        void apply();
    }

    private final Plan plan;
    private final Workspace ws;
    private final Snapshot lastGood;
    private final Update update;

    /**
     * @param plan     the plan to train
     * @param ws       a training workspace of that plan
     * @param lastGood the snapshot captured after every finite loss, restored on a non-finite one
     * @param update   the optimizer update
     */
    public TrainingStep(Plan plan, Workspace ws, Snapshot lastGood, Update update) {
        this.plan = plan;
        this.ws = ws;
        this.lastGood = lastGood;
        this.update = update;
    }

    /**
     * Runs one step on the first {@code rows} rows of the workspace (input and labels or targets filled).
     *
     * @param rows      batch rows
     * @param randomKey the batch's random key (dropout masks)
     * @return the batch's mean loss before the update; when it is NaN or infinite, the parameters and running
     *     statistics have been put back to the last snapshot and no update was made
     */
    public float run(int rows, long randomKey) {
        plan.forward(ws, rows, randomKey);
        float loss = plan.loss(ws, rows);
        if (!Float.isFinite(loss)) {
            lastGood.restore();
            return loss;
        }
        lastGood.capture();
        plan.backward(ws, rows);
        update.apply();
        return loss;
    }
}
