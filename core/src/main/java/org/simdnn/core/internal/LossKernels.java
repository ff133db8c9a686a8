package org.simdnn.core.internal;

/**
 * Losses over row-major {@code n x k} matrices (rows = examples, columns = classes or outputs), each with its own
 * leading dimension. Implementations: {@link ScalarLosses} (twin, fallback) and {@code vector.VectorLosses}. All
 * methods are unchecked: the public facade {@code org.simdnn.core.Losses} validates shapes, labels and aliasing
 * (n, k >= 1; labels in [0, k); grad/out either identical to the input matrix or disjoint from it).
 */
public interface LossKernels {
    /**
     * Mean over rows of {@code logsumexp(x_i) - x_i[label_i]}; writes {@code (softmax(x_i) - onehot_i) / n} to
     * grad. The gradient may be the logits matrix itself (same offset and leading dimension).
     */
    float softmaxCrossEntropy(
            float[] x,
            int xOff,
            int n,
            int k,
            int xLd,
            int[] labels,
            int labelsOff,
            float[] grad,
            int gradOff,
            int gradLd);

    /** Row-wise softmax of x into out (out may be x itself, same offset and leading dimension). */
    void softmax(float[] x, int xOff, int n, int k, int xLd, float[] out, int outOff, int outLd);

    /** {@code sum (p - t)^2 / (n k)}. */
    float meanSquaredError(float[] p, int pOff, int n, int k, int pLd, float[] t, int tOff, int tLd);

    /** Like {@link #meanSquaredError}, also writing {@code 2 (p - t) / (n k)} to grad (which may alias p or t). */
    float meanSquaredErrorWithGradient(
            float[] p,
            int pOff,
            int n,
            int k,
            int pLd,
            float[] t,
            int tOff,
            int tLd,
            float[] grad,
            int gradOff,
            int gradLd);
}
