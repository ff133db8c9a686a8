package org.simdnn.dsl.internal.plan;

/**
 * A tensor a layer declares: short name ({@code weight}; the full name is {@code layer.weight}), dimensions, role,
 * initial value, and the key suffix schema-1 model files used for it.
 *
 * @param shortName the name within the layer, lower snake case
 * @param dims      dimensions
 * @param role      its role in training
 * @param initial   every value at construction (the initializer may overwrite weights)
 * @param v1Key     the suffix of {@code layer.N.} in schema-1 files, e.g. {@code runningVar}
 * @param nonNegative whether every value must be {@code >= 0} (a variance); every value must be finite
 */
public record TensorSpec(
        String shortName, int[] dims, Tensor.Role role, float initial, String v1Key, boolean nonNegative) {

    /**
     * A tensor whose values may be any finite float.
     *
     * @param shortName the name within the layer
     * @param dims      dimensions
     * @param role      its role
     * @param initial   the initial value
     * @param v1Key     the schema-1 key suffix
     */
    public TensorSpec(String shortName, int[] dims, Tensor.Role role, float initial, String v1Key) {
        this(shortName, dims, role, initial, v1Key, false);
    }

    /**
     * @return the number of values
     */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
