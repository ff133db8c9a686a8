package org.simdnn.dsl;

import java.util.List;

/**
 * A named tensor of a network, as {@link Network#tensors()} lists it: a layer's parameter ({@code dense_1.weight},
 * {@code batch_norm_1.gamma}) or non-trainable state ({@code batch_norm_1.running_var}).
 *
 * @param name      {@code layer.tensor}
 * @param dims      its dimensions, e.g. {@code [units, inputs]} for a dense weight (row-major, one row per unit)
 * @param trainable whether training updates it from a gradient (running statistics are not trainable)
 */
public record TensorInfo(String name, List<Integer> dims, boolean trainable) {

    /** Copies the dimensions. */
    public TensorInfo {
        dims = List.copyOf(dims);
    }

    /** @return the number of values, the product of the dimensions */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
