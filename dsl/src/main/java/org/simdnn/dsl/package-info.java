/**
 * A fluent model builder over the simdnn kernels: {@code Network.builder(784).dense(256).batchNorm().relu()...}
 * compiles the layer list into fused kernel calls, trains it ({@code fit}), evaluates it, predicts with it, and
 * saves and loads it.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless the Javadoc says so (JSpecify
 * {@code @NullMarked}); Kotlin sees non-null types.
 */
@NullMarked
package org.simdnn.dsl;

import org.jspecify.annotations.NullMarked;
