package org.simdnn.core.internal;

/**
 * Reductions and statistics. Implementations: {@link ScalarReductions} (twin, fallback) and
 * {@code vector.VectorReductions}. All methods are unchecked: the public facade {@code org.simdnn.core.Reductions}
 * validates shapes before calling them. Error bounds are documented on the facade.
 */
public interface ReductionKernels {
    float sum(float[] x, int off, int len);

    float dot(float[] x, int xOff, float[] y, int yOff, int len);

    float sumOfSquares(float[] x, int off, int len);

    /** Largest element; NaN if any element is NaN; {@code -Infinity} for len 0 is never asked (facade refuses). */
    float max(float[] x, int off, int len);

    /** Index (relative to off) of the first largest element; of the first NaN if any. */
    int argmax(float[] x, int off, int len);

    /** Euclidean norm, without overflow or underflow for any finite input. */
    float l2Norm(float[] x, int off, int len);

    /**
     * Mean and biased variance of x[off, off+len) in one pass, written to out[outOff] and out[outOff + 1].
     */
    void meanVariance(float[] x, int off, int len, float[] out, int outOff);

    /**
     * Per-column mean and biased variance of a row-major {@code rows x cols} matrix with leading dimension ld,
     * SIMD across columns, accurate for data far from zero. Requires {@code rows >= 1}. The outputs may not overlap
     * each other or x. Allocation-free in steady state (a per-thread scratch of at most
     * {@link Moments#COLUMN_BLOCK} columns is reused).
     */
    void columnMeanVariance(
            float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff, float[] var, int varOff);

    /**
     * Per-column minimum and maximum of a row-major {@code rows x cols} matrix ({@code rows >= 1}), streaming rows;
     * NaN for a column holding a NaN. The outputs may not overlap each other or x.
     */
    void columnMinMax(float[] x, int off, int rows, int cols, int ld, float[] min, int minOff, float[] max, int maxOff);
}
