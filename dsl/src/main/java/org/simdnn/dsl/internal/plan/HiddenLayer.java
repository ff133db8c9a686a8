package org.simdnn.dsl.internal.plan;

import org.jspecify.annotations.Nullable;

/** A layer before the output: it compiles to a plan step and has a double-precision reference forward. */
public interface HiddenLayer extends Layer {

    /**
     * The fusion rule: whether this layer's pass can apply {@code next} in the same pass (dense: in the GEMM
     * epilogue; batch norm: in the normalize pass).
     *
     * @param next the layer after this one
     * @return true when the step for this layer computes {@code next} too
     */
    default boolean fuses(Layer next) {
        return false;
    }

    /**
     * @param site  where the step sits: buffer index, shapes, the layer's tensors, the fused activation if any
     * @return the step computing this layer (and the fused activation)
     */
    Step compile(StepSite site);

    /**
     * The training-mode forward in double precision, written independently of the float kernels, for
     * {@link org.simdnn.dsl.GradientCheck}.
     *
     * @param x   the input, {@code rows x input.size()}
     * @param ctx the batch and the layer's tensors as doubles
     * @return the output
     */
    double[] referenceForward(double[] x, ReferenceContext ctx);

    /** The batch and tensors a reference forward reads. */
    interface ReferenceContext {
        /** @return batch rows */
        int rows();

        /** @return the shape of one sample going in */
        org.simdnn.dsl.Shape input();

        /**
         * @param shortName a tensor of this layer, e.g. {@code weight}
         * @return its values as doubles (the gradient check perturbs them), or null when the layer lacks it
         */
        double @Nullable [] tensor(String shortName);

        /** @return the random key of the layer in this batch (dropout masks) */
        long randomKey();

        /**
         * Records the distance of a value fed to a non-differentiable point (ReLU's kink at 0).
         *
         * @param distance {@code |z|}
         */
        void kink(double distance);
    }
}
