package org.simdnn.dsl.internal.plan;

/**
 * One trainable tensor (a dense layer's weights or bias, a batch norm's gamma or beta) with its gradient buffer.
 * Each tensor has its own array because the core batch-norm kernels read gamma and beta from index 0; the optimizer
 * makes one fused kernel call per tensor.
 */
public final class Parameter {

    /** What a tensor is, which decides whether weight decay applies to it by default. */
    public enum Kind {
        /** Dense weights: decayed. */
        WEIGHT,
        /** Dense bias: not decayed unless asked. */
        BIAS,
        /** Batch-norm scale: not decayed unless asked. */
        GAMMA,
        /** Batch-norm shift: not decayed unless asked. */
        BETA
    }

    private final String name;
    private final Kind kind;
    private final float[] value;
    private final float[] grad;

    /**
     * @param name  e.g. {@code dense_1.weight}
     * @param kind  what it is
     * @param value the values (kept, not copied)
     */
    public Parameter(String name, Kind kind, float[] value) {
        this.name = name;
        this.kind = kind;
        this.value = value;
        this.grad = new float[value.length];
    }

    /** @return the name, {@code layer.weight|bias|gamma|beta} */
    public String name() {
        return name;
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the values, the live array */
    public float[] value() {
        return value;
    }

    /** @return the gradient of the last backward pass, the live array */
    public float[] grad() {
        return grad;
    }

    /** @return the number of values */
    public int size() {
        return value.length;
    }

    /** @return whether weight decay applies unless the optimizer is told to decay everything */
    public boolean decayedByDefault() {
        return kind == Kind.WEIGHT;
    }
}
