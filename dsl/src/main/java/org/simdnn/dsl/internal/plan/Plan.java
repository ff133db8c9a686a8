package org.simdnn.dsl.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.simdnn.core.Reductions;

/**
 * A network compiled into a short list of {@link Step}s over one {@link ModelState}. In a fused plan a dense layer
 * followed by an activation is one GEMM with the activation in its epilogue, and a batch norm followed by an
 * activation is one statistics pass plus one normalize+affine+activation pass; an unfused plan runs every layer as
 * its own pass with the same kernels (for benchmarks, and for probing values inside fused blocks).
 */
public final class Plan {

    private final ModelState state;
    private final Step[] steps;
    private final OutputLayer head;
    private final boolean fused;

    private Plan(ModelState state, Step[] steps, OutputLayer head, boolean fused) {
        this.state = state;
        this.steps = steps;
        this.head = head;
        this.fused = fused;
    }

    /**
     * Compiles the state's layers: each hidden layer becomes one step, absorbing the next layer when fusing and
     * its {@link HiddenLayer#fuses} rule says so; the output layer is the head.
     *
     * @param state the model state the steps read and train
     * @param fused whether to apply the layers' fusion rules
     * @return the plan
     */
    public static Plan compile(ModelState state, boolean fused) {
        Architecture a = state.architecture();
        List<Layer> layers = a.layers();
        int last = layers.size() - 1;
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < last) {
            if (!(layers.get(i) instanceof HiddenLayer layer)) {
                throw new IllegalStateException("layer " + i + " ("
                        + layers.get(i).name() + ") is not last but" + " cannot compute a hidden pass");
            }
            Layer next = layers.get(i + 1);
            boolean absorb = fused && i + 1 < last && layer.fuses(next);
            int end = absorb ? i + 1 : i;
            steps.add(layer.compile(new StepSite(
                    steps.size(),
                    a.inputOf(i),
                    a.outputs().get(end),
                    i,
                    end,
                    state.tensorsOf(i),
                    absorb ? (ActivationLayer) next : null)));
            i = end + 1;
        }
        return new Plan(state, steps.toArray(Step[]::new), a.head(), fused);
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
    public OutputLayer head() {
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
        return head.lossAndGradient(ws, ws.values[steps.length], outputCount(), rows, ws.gradOut(steps.length - 1));
    }

    /**
     * The batch's mean loss in an inference workspace (gradient written to a scratch buffer).
     *
     * @param ws   an inference workspace after {@link #forward}, labels or targets filled
     * @param rows batch rows
     * @return the mean loss
     */
    public float inferenceLoss(Workspace ws, int rows) {
        return head.lossAndGradient(ws, ws.values[steps.length], outputCount(), rows, ws.lossGrad);
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
     * Applies the state updates the last training forward measured (batch-norm running statistics), after a step
     * whose loss was finite.
     *
     * @param ws   the training workspace
     * @param rows batch rows
     */
    public void commit(Workspace ws, int rows) {
        for (Step step : steps) {
            step.commit(ws, rows);
        }
    }

    /**
     * @param ws   a training workspace after a forward pass
     * @param rows batch rows
     * @return the batch statistics every batch-norm step measured, in layer order
     */
    public List<org.simdnn.dsl.BatchStatistics> statistics(Workspace ws, int rows) {
        List<org.simdnn.dsl.BatchStatistics> all = new ArrayList<>();
        for (Step step : steps) {
            org.simdnn.dsl.BatchStatistics s = step.statistics(ws, rows);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /**
     * Applies batch statistics to the running statistics of the layers they name.
     *
     * @param statistics statistics, each naming a batch-norm layer of this plan
     * @throws IllegalArgumentException for a layer this plan has no batch norm of
     */
    public void apply(List<org.simdnn.dsl.BatchStatistics> statistics) {
        for (org.simdnn.dsl.BatchStatistics s : statistics) {
            Step owner = null;
            for (Step step : steps) {
                if (state.layers().get(step.firstLayer()).name().equals(s.layer())
                        && state.layers().get(step.firstLayer()) instanceof BatchNormLayer) {
                    owner = step;
                }
            }
            if (owner == null) {
                throw new IllegalArgumentException("batch statistics name the layer " + s.layer() + ", which is not"
                        + " a batch norm of this network");
            }
            owner.apply(s);
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
        head.predictions(ws.values[steps.length], outputCount(), rows, dst, dstOff);
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
     * The predicted class of one row: {@link Reductions#argmax} (the first largest value; the first NaN if any, so
     * a broken model's prediction is as visible as in the core), the one argmax rule of the library.
     *
     * @param x   values
     * @param off first value
     * @param k   count, at least 1
     * @return index relative to off
     */
    public static int argmax(float[] x, int off, int k) {
        return Reductions.argmax(x, off, k);
    }
}
