package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.simdnn.core.Activation;

/**
 * A network compiled into a short list of {@link Step}s over one {@link ModelState}. In a fused plan a dense layer
 * followed by an activation is one GEMM with the activation in its epilogue, and a batch norm followed by an
 * activation is one statistics pass plus one normalize+affine+activation pass; an unfused plan runs every layer as
 * its own pass with the same kernels (for benchmarks, and for probing values inside fused blocks).
 */
public final class Plan {

    private final ModelState state;
    private final Step[] steps;
    private final Head head;
    private final boolean fused;

    private Plan(ModelState state, Step[] steps, Head head, boolean fused) {
        this.state = state;
        this.steps = steps;
        this.head = head;
        this.fused = fused;
    }

    /**
     * Compiles the state's layers. The layers must already be validated (the last one is the output).
     *
     * @param state the model state the steps read and train
     * @param fused whether to fuse activations into the preceding dense or batch-norm pass
     * @return the plan
     */
    public static Plan compile(ModelState state, boolean fused) {
        List<LayerSpec> layers = state.layers();
        int last = layers.size() - 1;
        if (!(layers.get(last) instanceof LayerSpec.Output output)) {
            throw new IllegalStateException("the last layer must be the output layer, got " + layers.get(last));
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < last) {
            LayerSpec spec = layers.get(i);
            int in = state.inputWidth(i);
            int out = state.width(i);
            LayerSpec.Act next = fused && i + 1 < last && layers.get(i + 1) instanceof LayerSpec.Act a ? a : null;
            int index = steps.size();
            switch (spec) {
                case LayerSpec.Dense d -> {
                    Activation act = next == null ? Activation.IDENTITY : next.activation();
                    float slope = next == null ? 0f : next.slope();
                    int end = next == null ? i : i + 1;
                    steps.add(new DenseStep(index, in, out, i, end, state.weight(i), state.bias(i), act, slope));
                    i = end + 1;
                }
                case LayerSpec.BatchNorm b -> {
                    Activation act = next == null ? Activation.IDENTITY : next.activation();
                    float slope = next == null ? 0f : next.slope();
                    int end = next == null ? i : i + 1;
                    steps.add(new BatchNormStep(index, out, i, end, state.gamma(i), state.beta(i),
                        state.runningMean(i), state.runningVar(i), b.eps(), b.momentum(), act, slope));
                    i = end + 1;
                }
                case LayerSpec.Act a -> {
                    steps.add(new ActivationStep(index, out, i, a.activation(), a.slope()));
                    i++;
                }
                case LayerSpec.Dropout d -> {
                    steps.add(new DropoutStep(index, out, i, d.rate()));
                    i++;
                }
                case LayerSpec.Output o -> throw new IllegalStateException("output layer " + o.name()
                    + " is not last");
            }
        }
        return new Plan(state, steps.toArray(Step[]::new), new Head(output.loss(), state.outputCount()), fused);
    }

    /** @return the model state */
    public ModelState state() {
        return state;
    }

    /** @return the steps, in order (the live array: do not modify) */
    public Step[] steps() {
        return steps;
    }

    /** @return the output layer */
    public Head head() {
        return head;
    }

    /** @return whether activations are fused into the preceding pass */
    public boolean fused() {
        return fused;
    }

    /** @return the input width */
    public int inputCount() {
        return state.inputCount();
    }

    /** @return the output width */
    public int outputCount() {
        return state.outputCount();
    }

    /**
     * @param capacity      the largest batch it must hold, at least 1
     * @param training      whether it gets the gradient and training buffers
     * @param inputGradient whether backward also computes the gradient with respect to the input
     * @return a new workspace for this plan
     */
    public Workspace newWorkspace(int capacity, boolean training, boolean inputGradient) {
        return new Workspace(this, capacity, training, inputGradient);
    }

    /**
     * Forward pass over the first {@code rows} rows of the workspace input; training workspaces use batch
     * statistics (and update the running ones) and dropout, inference workspaces the running statistics and no
     * dropout.
     *
     * @param ws        the workspace, its input filled
     * @param rows      batch rows
     * @param randomKey the batch's random key (dropout)
     * @return the output buffer ({@code rows x outputCount} valid)
     */
    public float[] forward(Workspace ws, int rows, long randomKey) {
        for (Step step : steps) {
            step.forward(ws, rows, randomKey);
        }
        return ws.values[steps.length];
    }

    /**
     * The batch's mean loss, and its gradient with respect to the output written where backward expects it.
     *
     * @param ws   a training workspace after {@link #forward}, labels or targets filled
     * @param rows batch rows
     * @return the mean loss
     */
    public float loss(Workspace ws, int rows) {
        return head.lossAndGradient(ws, ws.values[steps.length], rows, ws.gradOut(steps.length - 1));
    }

    /**
     * The batch's mean loss in an inference workspace (gradient written to a scratch buffer).
     *
     * @param ws   an inference workspace after {@link #forward}, labels or targets filled
     * @param rows batch rows
     * @return the mean loss
     */
    public float inferenceLoss(Workspace ws, int rows) {
        return head.lossAndGradient(ws, ws.values[steps.length], rows, ws.lossGrad);
    }

    /**
     * Backward pass: every parameter gradient (overwritten) and, if the workspace has one, the input gradient.
     *
     * @param ws   the training workspace after {@link #loss}
     * @param rows batch rows
     */
    public void backward(Workspace ws, int rows) {
        for (int i = steps.length - 1; i >= 0; i--) {
            steps[i].backward(ws, rows);
        }
    }

    /**
     * Writes the predictions of the last forward pass.
     *
     * @param ws     the workspace
     * @param rows   batch rows
     * @param dst    receives {@code rows x outputCount} values
     * @param dstOff offset in dst
     */
    public void predictions(Workspace ws, int rows, float[] dst, int dstOff) {
        head.predictions(ws.values[steps.length], rows, dst, dstOff);
    }

    /**
     * Counts rows whose largest output is the label (first maximum wins, as in argmax).
     *
     * @param ws   the workspace after a forward pass, labels filled
     * @param rows batch rows
     * @return the number of correct rows
     */
    public int correct(Workspace ws, int rows) {
        float[] out = ws.values[steps.length];
        int k = outputCount();
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(out, r * k, k) == ws.labels[r]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * @param x   values
     * @param off first value
     * @param k   count
     * @return index (relative to off) of the first largest value; NaN never wins
     */
    public static int argmax(float[] x, int off, int k) {
        int best = 0;
        float max = x[off];
        for (int j = 1; j < k; j++) {
            if (x[off + j] > max || Float.isNaN(max)) {
                max = x[off + j];
                best = j;
            }
        }
        return best;
    }
}
