package org.simdnn.core;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.GemmKernels;
import org.simdnn.core.internal.ParallelFor;

/**
 * Single-precision matrix products for dense layers (SGEMM, BLAS semantics) on row-major matrices with leading
 * dimensions, plus the fused dense-layer helpers: {@link #dense forward with bias and activation} and the bias
 * gradient {@link #columnSums}.
 *
 * <h2>Semantics</h2>
 * {@code C = alpha * op(A) * op(B) + beta * C}, {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}.
 * Element {@code (i, j)} of a row-major matrix X at offset {@code off} with leading dimension {@code ld} is
 * {@code X[off + i * ld + j]}; a transposed operand is stored with its dimensions swapped (A^T: A stored
 * {@code k x m}). As in BLAS, {@code beta == 0} means C is write-only: NaN or infinity already in C is not
 * propagated; and {@code alpha == 0} or {@code k == 0} means A and B are not read (C becomes {@code beta * C}).
 * Otherwise NaN in A or B propagates to the affected elements of C. C must not overlap A or B.
 *
 * <h2>Error bound</h2>
 * Every element satisfies {@code |C - C_exact| <= 2 (k + 2) u (|alpha| sum_p |op(A)_ip| |op(B)_pj| + |beta| |C_ij|)}
 * with {@code u = 2^-24}, before an activation (whose own error is that of the backend's activation functions:
 * absolute 1e-6 / relative 1e-5 for tanh and sigmoid on the vector backend, correctly rounded on the scalar one).
 *
 * <h2>Threads and determinism</h2>
 * Large products run on the shared pool of daemon threads of every kernel family (never {@code
 * ForkJoinPool.commonPool()}); the number of threads a call may use is {@link Parallelism#current()}: the
 * process-wide default ({@link Parallelism#setDefault(int)}, the system property {@code simdnn.threads}, or {@link
 * #setParallelism(int)}), or the calling thread's own {@link Parallelism#limit(int)}. Work is split only along M and
 * N in whole register tiles and the summation order along K is fixed, so results are bit-identical for every thread count on the same
 * backend and vector width, every epilogue activation included (the vector tanh and sigmoid use only add, mul,
 * fma and div, so they are also the same on every JIT tier). Small products (below about 4 million
 * multiply-adds, roughly 160^3) run on the calling thread. One parallel product runs on the pool at a time: a
 * call made while another user thread's parallel product holds the pool runs on its own thread (same result).
 * Packing buffers are per thread and reused and the pool's job object is reused: no allocation per call in
 * steady state, single- or multithreaded.
 */
public final class Gemm {
    private static final GemmKernels K = BackendSelector.provider().gemm();

    private Gemm() {}

    /** Threads a GEMM call made on this thread may use, the caller included (at least 1): {@link Parallelism#current()}. */
    public static int parallelism() {
        return ParallelFor.parallelism();
    }

    /**
     * Sets the process-wide default number of threads a kernel call may use, the calling thread included; 1 =
     * single-threaded. The same as {@link Parallelism#setDefault(int)} (kept for callers written before it). More
     * threads than cores is allowed (they time-share). Results do not depend on this setting.
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setParallelism(int threads) {
        Checks.positive("threads", threads);
        ParallelFor.setDefaultParallelism(threads);
    }

    /**
     * General matrix product {@code C = alpha * op(A) * op(B) + beta * C} (see the class documentation for layout,
     * BLAS semantics of {@code alpha == 0} / {@code beta == 0}, the error bound and threading).
     *
     * @param transA whether A is stored transposed ({@code k x m})
     * @param transB whether B is stored transposed ({@code n x k})
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a A's array
     * @param aOff offset of A's first element
     * @param lda leading dimension of A (at least its stored column count)
     * @param b B's array
     * @param bOff offset of B's first element
     * @param ldb leading dimension of B
     * @param beta scale of C's old value (0: C is not read)
     * @param c C's array (written)
     * @param cOff offset of C's first element
     * @param ldc leading dimension of C (at least n)
     * @throws IllegalArgumentException on a negative dimension, a leading dimension smaller than the stored column
     *     count, an array too short for its matrix, a null array or a transpose flag, naming the shapes
     */
    public static void gemm(
            Transpose transA,
            Transpose transB,
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
            int ldc) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        K.gemm(
                transA,
                transB,
                m,
                n,
                k,
                alpha,
                a,
                aOff,
                lda,
                b,
                bOff,
                ldb,
                beta,
                c,
                cOff,
                ldc,
                null,
                0,
                Activation.IDENTITY,
                0f,
                ParallelFor.parallelism());
    }

    /**
     * {@link #gemm} with a fused epilogue: {@code C = act(alpha * op(A) * op(B) + beta * C + bias)}, the bias row
     * added to every row of C and the activation applied while each tile of C is still in cache.
     *
     * @param transA whether A is stored transposed ({@code k x m})
     * @param transB whether B is stored transposed ({@code n x k})
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k columns of op(A), rows of op(B)
     * @param alpha scale of the product
     * @param a A's array
     * @param aOff offset of A's first element
     * @param lda leading dimension of A
     * @param b B's array
     * @param bOff offset of B's first element
     * @param ldb leading dimension of B
     * @param beta scale of C's old value (0: C is not read)
     * @param c C's array (written)
     * @param cOff offset of C's first element
     * @param ldc leading dimension of C (at least n)
     * @param bias n values added to every row of C, or null for none
     * @param biasOff offset of the bias
     * @param activation applied last to every element of C
     * @param slope negative slope of {@link Activation#LEAKY_RELU}; ignored by the other activations
     * @throws IllegalArgumentException as {@link #gemm}, or when the bias is too short
     */
    public static void gemm(
            Transpose transA,
            Transpose transB,
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
            Activation activation,
            float slope) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (bias != null) {
            Checks.range("bias", bias, biasOff, n);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is null");
        }
        K.gemm(
                transA,
                transB,
                m,
                n,
                k,
                alpha,
                a,
                aOff,
                lda,
                b,
                bOff,
                ldb,
                beta,
                c,
                cOff,
                ldc,
                bias,
                biasOff,
                activation,
                slope,
                ParallelFor.parallelism());
    }

    /**
     * Dense-layer forward pass {@code Y = act(X W^T + b)}: X is {@code batch x in}, the weights W are stored
     * {@code out x in} (one row per output), Y is {@code batch x out}. Same error bound as {@link #gemm} with
     * {@code k = in}, plus the activation's.
     *
     * @param x input batch
     * @param xOff offset of X
     * @param batch rows of X and Y
     * @param in input features
     * @param ldx leading dimension of X (at least in)
     * @param w weights, {@code out x in}
     * @param wOff offset of W
     * @param out output features
     * @param ldw leading dimension of W (at least in)
     * @param bias out values, or null for none
     * @param biasOff offset of the bias
     * @param activation applied to every output
     * @param slope negative slope of {@link Activation#LEAKY_RELU}; ignored by the other activations
     * @param y output (overwritten, never read)
     * @param yOff offset of Y
     * @param ldy leading dimension of Y (at least out)
     * @throws IllegalArgumentException when a shape does not conform or an array is too short, naming the shapes
     */
    public static void dense(
            float[] x,
            int xOff,
            int batch,
            int in,
            int ldx,
            float[] w,
            int wOff,
            int out,
            int ldw,
            float @Nullable [] bias,
            int biasOff,
            Activation activation,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        gemm(
                Transpose.NONE,
                Transpose.TRANSPOSE,
                batch,
                out,
                in,
                1f,
                x,
                xOff,
                ldx,
                w,
                wOff,
                ldw,
                0f,
                y,
                yOff,
                ldy,
                bias,
                biasOff,
                activation,
                slope);
    }

    /**
     * Column sums of a row-major {@code rows x cols} matrix, the bias gradient {@code db = sum over the batch of dY}:
     * {@code out[outOff + j] = sum_i x[off + i * ld + j]} (0 for {@code rows == 0}), overwriting out. Each column
     * is summed in row order in float, in one pass over x with the sums kept in registers; error at most
     * {@code (rows - 1) u sum_i |x_ij|}, {@code u = 2^-24}. NaN in a column gives NaN in its sum.
     *
     * @param x the matrix
     * @param off offset of its first element
     * @param rows rows (batch size)
     * @param cols columns (features)
     * @param ld leading dimension (at least cols)
     * @param out receives the cols sums
     * @param outOff offset in out
     * @throws IllegalArgumentException when an array is too short or a dimension negative
     */
    public static void columnSums(float[] x, int off, int rows, int cols, int ld, float[] out, int outOff) {
        Checks.matrix("x", x, off, rows, cols, ld);
        Checks.range("out", out, outOff, cols);
        K.columnSums(x, off, rows, cols, ld, out, outOff);
    }

    private static void check(
            Transpose transA,
            Transpose transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc) {
        if (transA == null || transB == null) {
            throw new IllegalArgumentException(
                    "transpose flags must not be null (transA " + transA + ", transB " + transB + ")");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative GEMM dimension: m = " + m + ", n = " + n + ", k = " + k);
        }
        // Messages are composed only when a check fails, so a valid call allocates nothing.
        int aRows = transA == Transpose.TRANSPOSE ? k : m;
        int aCols = transA == Transpose.TRANSPOSE ? m : k;
        if (!Checks.matrixFits(a, aOff, aRows, aCols, lda)) {
            Checks.matrix(
                    "op(A) (" + m + " x " + k + ", " + (transA == Transpose.TRANSPOSE ? "stored transposed as A" : "A")
                            + ")",
                    a,
                    aOff,
                    aRows,
                    aCols,
                    lda);
        }
        int bRows = transB == Transpose.TRANSPOSE ? n : k;
        int bCols = transB == Transpose.TRANSPOSE ? k : n;
        if (!Checks.matrixFits(b, bOff, bRows, bCols, ldb)) {
            Checks.matrix(
                    "op(B) (" + k + " x " + n + ", " + (transB == Transpose.TRANSPOSE ? "stored transposed as B" : "B")
                            + ")",
                    b,
                    bOff,
                    bRows,
                    bCols,
                    ldb);
        }
        if (!Checks.matrixFits(c, cOff, m, n, ldc)) {
            Checks.matrix("C (" + m + " x " + n + ")", c, cOff, m, n, ldc);
        }
    }
}
