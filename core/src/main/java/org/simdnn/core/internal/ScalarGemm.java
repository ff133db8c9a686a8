package org.simdnn.core.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Transpose;

/**
 * Scalar twin of SGEMM: the fallback when the Vector API is unavailable and the speed baseline of the vector
 * kernel. Cache-friendly loop orders, no blocking: C is first scaled by beta row by row, then NN and TN run the
 * i-k-j order (a row of C updated by a streamed row of B), NT runs row-by-row dot products (both operands
 * streamed along K). Single-threaded whatever {@code threads} says: the twin is the reference, not the fast path.
 */
public final class ScalarGemm implements GemmKernels {

    @Override
    public void gemm(
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
            int threads) {
        boolean transA = transposeA == Transpose.TRANSPOSE;
        boolean transB = transposeB == Transpose.TRANSPOSE;
        if (m == 0 || n == 0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            scaleRow(c, cOff + i * ldc, n, beta);
        }
        if (k > 0 && alpha != 0f) {
            if (!transB) {
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc;
                    for (int p = 0; p < k; p++) {
                        float s = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                        int bp = bOff + p * ldb;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] = Math.fma(s, b[bp + j], c[ci + j]);
                        }
                    }
                }
            } else {
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc;
                    int j = 0;
                    // Four dot products at once: four independent FMA chains instead of one latency-bound chain, and
                    // each element of A's row loaded once for four columns.
                    for (; j + 4 <= n; j += 4) {
                        int b0 = bOff + j * ldb;
                        float d0 = 0f;
                        float d1 = 0f;
                        float d2 = 0f;
                        float d3 = 0f;
                        for (int p = 0; p < k; p++) {
                            float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            d0 = Math.fma(x, b[b0 + p], d0);
                            d1 = Math.fma(x, b[b0 + ldb + p], d1);
                            d2 = Math.fma(x, b[b0 + 2 * ldb + p], d2);
                            d3 = Math.fma(x, b[b0 + 3 * ldb + p], d3);
                        }
                        c[ci + j] = Math.fma(alpha, d0, c[ci + j]);
                        c[ci + j + 1] = Math.fma(alpha, d1, c[ci + j + 1]);
                        c[ci + j + 2] = Math.fma(alpha, d2, c[ci + j + 2]);
                        c[ci + j + 3] = Math.fma(alpha, d3, c[ci + j + 3]);
                    }
                    for (; j < n; j++) {
                        int bj = bOff + j * ldb;
                        float d = 0f;
                        for (int p = 0; p < k; p++) {
                            d = Math.fma(transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p], b[bj + p], d);
                        }
                        c[ci + j] = Math.fma(alpha, d, c[ci + j]);
                    }
                }
            }
        }
        if (bias != null || act != Activation.IDENTITY) {
            for (int i = 0; i < m; i++) {
                epilogue(c, cOff + i * ldc, n, bias, biasOff, act, slope);
            }
        }
    }

    /** {@code c[off, off+n) *= beta}, where beta 0 overwrites with zeros (NaN in C is not propagated). */
    static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 0f) {
            Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            for (int j = off, end = off + n; j < end; j++) {
                c[j] *= beta;
            }
        }
    }

    /** {@code c[off + j] = act(c[off + j] + bias[biasOff + j])} for j in [0, n); bias may be null. */
    public static void epilogue(
            float[] c, int off, int n, float @Nullable [] bias, int biasOff, Activation act, float slope) {
        for (int j = 0; j < n; j++) {
            float v = c[off + j];
            if (bias != null) {
                v += bias[biasOff + j];
            }
            c[off + j] = ActivationMath.apply(act, slope, v);
        }
    }

    @Override
    public void columnSums(float[] x, int off, int rows, int cols, int ld, float[] out, int outOff) {
        Arrays.fill(out, outOff, outOff + cols, 0f);
        for (int i = 0; i < rows; i++) {
            int xi = off + i * ld;
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += x[xi + j];
            }
        }
    }
}
