package org.simdnn.core.internal;

/**
 * Fused optimizer updates over one parameter array: one pass reading param, grad and the optimizer state, writing
 * param and the state. Implementations: {@link ScalarOptimizers} (twin, fallback) and
 * {@code vector.VectorOptimizers}. Unchecked: the facade {@code org.simdnn.core.Optimizers} validates ranges,
 * hyper-parameters and aliasing, and derives the per-step scalars (bias corrections) in double.
 */
public interface OptimizerKernels {
    /**
     * SGD with momentum, PyTorch semantics: {@code g' = g + wd p; v = mu v + g'; p -= lr (nesterov ? g' + mu v : v)}.
     */
    void sgd(
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] v,
            int vOff,
            int len);

    /**
     * One Adam or AdamW step with precomputed scalars: {@code decay} multiplies p first (AdamW: {@code 1 - lr wd};
     * Adam: 1), {@code l2} is added to the gradient as {@code g + l2 p} (Adam: wd; AdamW: 0); then
     * {@code m += (1-b1)(g - m); v = b2 v + (1-b2) g^2; p -= stepSize m / (sqrt(v) invBc2Sqrt + eps)}.
     */
    void adam(
            float decay,
            float l2,
            float beta1,
            float beta2,
            float stepSize,
            float invBc2Sqrt,
            float eps,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] m,
            int mOff,
            float[] v,
            int vOff,
            int len);
}
