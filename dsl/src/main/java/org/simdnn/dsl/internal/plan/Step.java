package org.simdnn.dsl.internal.plan;

import org.jspecify.annotations.Nullable;
import org.simdnn.dsl.Shape;

/**
 * One pass of the compiled plan: reads {@code values[index]} of a {@link Workspace} and writes
 * {@code values[index + 1]}; backward reads {@code grads[index + 1]} and writes {@code grads[index]} (when that
 * buffer exists) plus the gradients of its layer's tensors. A step covers one layer or a fused block (dense +
 * activation, batch norm + activation). Each layer kind defines its steps in its own file.
 */
public abstract class Step {

    final int index;
    /** Values per sample going in. */
    final int inWidth;
    /** Values per sample coming out. */
    final int outWidth;

    private final Shape output;
    private final int firstLayer;
    private final int lastLayer;

    Step(StepSite site) {
        this.index = site.index();
        this.inWidth = site.input().size();
        this.outWidth = site.output().size();
        this.output = site.output();
        this.firstLayer = site.firstLayer();
        this.lastLayer = site.lastLayer();
    }

    /** @return the shape of one sample coming out */
    public Shape output() {
        return output;
    }

    /** @return the index of the first layer this step computes */
    public int firstLayer() {
        return firstLayer;
    }

    /** @return the index of the last layer this step computes */
    public int lastLayer() {
        return lastLayer;
    }

    /** @return the kernel calls of this step, for the summary, e.g. {@code "GEMM + bias + ReLU epilogue"} */
    public abstract String describe();

    /**
     * @param capacity rows of the workspace
     * @param training whether it is a training workspace
     * @return this step's own buffers in that workspace, or null if it needs none
     */
    float @Nullable [][] newScratch(int capacity, boolean training) {
        return null;
    }

    /**
     * Forward pass over {@code rows} rows. A training forward leaves non-trainable state (running statistics)
     * alone: it records what it would contribute ({@link #batchStatistics}), applied after a good step.
     *
     * @param ws        the workspace
     * @param rows      batch rows, at most the workspace capacity
     * @param randomKey key of this batch's randomness (dropout), derived from seed, epoch and step
     */
    abstract void forward(Workspace ws, int rows, long randomKey);

    /**
     * Backward pass over the rows of the last training forward.
     *
     * @param ws   the training workspace
     * @param rows batch rows
     */
    abstract void backward(Workspace ws, int rows);

    /**
     * Applies the state update the last training forward measured (batch norm: the running statistics from the
     * batch statistics), after a step whose loss was finite.
     *
     * @param ws   the training workspace
     * @param rows batch rows
     */
    void commit(Workspace ws, int rows) {}

    /**
     * @param ws   a training workspace after a forward pass
     * @param rows batch rows
     * @return the batch statistics this step measured, or null for a step that keeps no running state
     */
    org.simdnn.dsl.@Nullable BatchStatistics statistics(Workspace ws, int rows) {
        return null;
    }

    /**
     * Applies batch statistics (measured here or merged from several workers) to the running state.
     *
     * @param statistics statistics of this step's layer
     */
    void apply(org.simdnn.dsl.BatchStatistics statistics) {
        throw new IllegalStateException("step " + index + " keeps no running statistics");
    }
}
