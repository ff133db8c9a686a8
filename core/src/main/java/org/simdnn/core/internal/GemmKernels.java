package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Transpose;

/**
 * Single-precision GEMM and the dense-layer helpers around it. Implementations: {@link ScalarGemm} (twin,
 * fallback) and {@code vector.VectorGemm}. All methods are unchecked: the public facade {@code org.simdnn.core.Gemm}
 * validates shapes before calling them.
 */
public interface GemmKernels {
    /**
     * {@code C = act(alpha * op(A) * op(B) + beta * C + bias)} for row-major matrices; {@code op(A)} is
     * {@code m x k}, {@code op(B)} is {@code k x n}. {@code bias} (length n, added to every row) may be null;
     * {@code act} {@link Activation#IDENTITY} with a null bias is plain GEMM. {@code beta == 0} never reads C.
     * {@code threads} is the number of threads to use at most (the caller counts as one).
     */
    void gemm(
            Transpose transposeA,
            Transpose transposeB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc,
            float @Nullable [] bias,
            int biasOff,
            Activation act,
            float slope,
            int threads);

    /** {@code out[outOff + j] = sum_i x[off + i*ld + j]}, each column summed in row order. */
    void columnSums(float[] x, int off, int rows, int cols, int ld, float[] out, int outOff);
}
