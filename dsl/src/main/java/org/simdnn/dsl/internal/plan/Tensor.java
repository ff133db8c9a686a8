package org.simdnn.dsl.internal.plan;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One named tensor of a layer ({@code dense_1.weight}, {@code batch_norm_1.running_var}) with, when trainable, its
 * gradient buffer. Each tensor has its own array because the core kernels read gamma and beta from index 0 and the
 * optimizer makes one fused kernel call per tensor.
 */
public final class Tensor {

    /** What a tensor is to training. */
    public enum Role {
        /** Trainable and decayed by default (dense weights). */
        WEIGHT,
        /** Trainable, not decayed unless the optimizer decays everything (biases, gamma, beta). */
        PARAMETER,
        /** Not trainable: state a layer updates itself (batch-norm running statistics). */
        STATE
    }

    private final String name;
    private final int[] dims;
    private final Role role;
    private final float[] value;
    private final float @Nullable [] grad;

    Tensor(String name, int[] dims, Role role, float initial) {
        this.name = name;
        this.dims = dims.clone();
        this.role = role;
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        this.value = new float[Math.toIntExact(size)];
        if (initial != 0f) {
            Arrays.fill(value, initial);
        }
        this.grad = role == Role.STATE ? null : new float[value.length];
    }

    /** @return the name, {@code layer.tensor} */
    public String name() {
        return name;
    }

    /** @return the dimensions, a copy */
    public int[] dims() {
        return dims.clone();
    }

    /** @return its role in training */
    public Role role() {
        return role;
    }

    /** @return whether training updates it from a gradient */
    public boolean trainable() {
        return role != Role.STATE;
    }

    /** @return the values, the live array */
    public float[] value() {
        return value;
    }

    /**
     * @return the gradient of the last backward pass, the live array
     * @throws IllegalStateException for a non-trainable tensor
     */
    public float[] grad() {
        if (grad == null) {
            throw new IllegalStateException(name + " is not trainable and has no gradient");
        }
        return grad;
    }

    /** @return the number of values */
    public int size() {
        return value.length;
    }

    /** @return whether weight decay applies unless the optimizer is told to decay everything */
    public boolean decayedByDefault() {
        return role == Role.WEIGHT;
    }
}
