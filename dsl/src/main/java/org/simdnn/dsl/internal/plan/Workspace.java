package org.simdnn.dsl.internal.plan;

import org.jspecify.annotations.Nullable;

/**
 * The buffers one forward (and, for training, backward) pass over at most {@link #capacity()} rows uses, allocated
 * once and reused for every batch. {@code values[0]} is the (standardized) input, {@code values[i + 1]} the output
 * of step i; {@code grads[i]} is the loss gradient with respect to {@code values[i]} ({@code grads[0]} exists only
 * when an input gradient is wanted). Every matrix is row-major and dense (leading dimension = width).
 *
 * <p>A workspace belongs to one thread at a time: training owns one, each inference thread has its own.
 */
public final class Workspace {

    final int capacity;
    final boolean training;
    final float[][] values;
    final float @Nullable [][] grads;
    /** Per step: the step's own buffers (batch-norm statistics, dropout masks), or null. */
    final float @Nullable [][][] scratch;
    /** Labels of the current batch (classification). */
    final int[] labels;
    /** Targets of the current batch (regression), {@code capacity x outputs}. */
    final float[] targets;
    /** Loss gradient buffer for evaluation in inference mode. */
    final float[] lossGrad;

    Workspace(Plan plan, int capacity, boolean training, boolean inputGradient) {
        this.capacity = capacity;
        this.training = training;
        Step[] steps = plan.steps();
        values = new float[steps.length + 1][];
        values[0] = new float[Math.multiplyExact(capacity, plan.inputCount())];
        for (int i = 0; i < steps.length; i++) {
            values[i + 1] =
                    new float[Math.multiplyExact(capacity, steps[i].output().size())];
        }
        if (training) {
            grads = new float[steps.length + 1][];
            grads[0] = inputGradient ? new float[values[0].length] : null;
            for (int i = 0; i < steps.length; i++) {
                grads[i + 1] = new float[values[i + 1].length];
            }
        } else {
            grads = null;
        }
        scratch = new float[steps.length][][];
        for (int i = 0; i < steps.length; i++) {
            scratch[i] = steps[i].newScratch(capacity, training);
        }
        int outputs = plan.outputCount();
        labels = new int[capacity];
        targets = new float[Math.multiplyExact(capacity, outputs)];
        lossGrad = training ? new float[0] : new float[Math.multiplyExact(capacity, outputs)];
    }

    /** @return the largest batch this workspace holds */
    public int capacity() {
        return capacity;
    }

    /** @return whether it has the gradient buffers training needs */
    public boolean training() {
        return training;
    }

    /** @return the input buffer, {@code capacity x inputCount} */
    public float[] input() {
        return values[0];
    }

    /**
     * @param i 0 for the input, {@code i + 1} for the output of step i
     * @return the value buffer
     */
    public float[] values(int i) {
        return values[i];
    }

    /**
     * @param i as {@link #values}
     * @return the gradient buffer with respect to {@code values(i)}, or null for the input without input gradient
     */
    public float @Nullable [] grads(int i) {
        if (grads == null) {
            throw new IllegalStateException("an inference workspace has no gradient buffers");
        }
        return grads[i];
    }

    /** @return the label buffer of the current batch */
    public int[] labels() {
        return labels;
    }

    /** @return the target buffer of the current batch */
    public float[] targets() {
        return targets;
    }

    float[] gradOut(int step) {
        float[] g = grads(step + 1);
        if (g == null) {
            throw new IllegalStateException("no gradient buffer after step " + step);
        }
        return g;
    }

    float[][] scratch(int step) {
        float[][] s = scratch[step];
        if (s == null) {
            throw new IllegalStateException("step " + step + " has no scratch buffers");
        }
        return s;
    }
}
