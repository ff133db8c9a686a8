package org.simdnn.dsl.internal.plan;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pass of the compiled plan: reads {@code values[index]} of a {@link Workspace} and writes
 * {@code values[index + 1]}; backward reads {@code grads[index + 1]} and writes {@code grads[index]} (when that
 * buffer exists) plus the gradients of its own parameters. A step covers one or more consecutive layers (a fused
 * block such as dense, or batch norm + activation).
 */
public abstract class Step {

    final int index;
    final int inWidth;
    final int outWidth;
    final int firstLayer;
    final int lastLayer;

    Step(int index, int inWidth, int outWidth, int firstLayer, int lastLayer) {
        this.index = index;
        this.inWidth = inWidth;
        this.outWidth = outWidth;
        this.firstLayer = firstLayer;
        this.lastLayer = lastLayer;
    }

    /** @return the input width */
    public int inWidth() {
        return inWidth;
    }

    /** @return the output width */
    public int outWidth() {
        return outWidth;
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

    /** @return the trainable tensors of this step, in a fixed order */
    public List<Parameter> parameters() {
        return List.of();
    }

    /**
     * @param capacity rows of the workspace
     * @param training whether it is a training workspace
     * @return this step's own buffers in that workspace, or null if it needs none
     */
    float @Nullable [][] newScratch(int capacity, boolean training) {
        return null;
    }

    /**
     * Forward pass over {@code rows} rows.
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

    /** @return the model state this step keeps besides parameters (batch-norm running statistics), in order */
    public List<float[]> state() {
        return List.of();
    }
}
