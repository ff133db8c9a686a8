package org.simdnn.core.internal.vector;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * One GEMM call, {@code C = act(alpha op(A) op(B) + beta C + bias)}, as its operands (the arguments of
 * {@link org.simdnn.core.internal.GemmKernels#gemm}, in the same order), and the orientation the tiled path computes
 * it in. Every path reads the call from here instead of from a long argument list.
 *
 * <h2>Orientation</h2>
 * The tiled path computes {@code C' = L R}: either C itself ({@code L = op(A)}, {@code R = op(B)}) or, when
 * {@link #swapped}, its transpose {@code C^T = op(B)^T op(A)^T}, whose tile is stored transposed. The
 * {@code left...}/{@code right...}/{@link #rows()}/{@link #cols()} accessors give that oriented view; the dot path
 * uses the call as given.
 *
 * <h2>Lifetime</h2>
 * Not a value allocated per call: each calling thread reuses one instance ({@link VectorGemm}), written by
 * {@link #set} before the call and emptied by {@link #clear} after it, so it never keeps user arrays alive. While a
 * call runs it is only read, also by the pool workers of a parallel call (the pool's hand-off publishes it).
 */
final class GemmProblem {
    private static final float[] EMPTY = new float[0];

    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float alpha;
    float[] a = EMPTY;
    int aOff;
    int lda;
    float[] b = EMPTY;
    int bOff;
    int ldb;
    float beta;
    float[] c = EMPTY;
    int cOff;
    int ldc;
    float @Nullable [] bias;
    int biasOff;
    Activation act = Activation.IDENTITY;
    float slope;
    /** Whether the tiled path computes {@code C^T} instead of C (see the class comment). */
    boolean swapped;

    /** Describes a call (not swapped); arguments as {@link org.simdnn.core.internal.GemmKernels#gemm}'s. */
    void set(
            boolean transA,
            boolean transB,
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
            float slope) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.bias = bias;
        this.biasOff = biasOff;
        this.act = act;
        this.slope = slope;
        this.swapped = false;
    }

    /** Drops the references to the caller's arrays. */
    void clear() {
        a = EMPTY;
        b = EMPTY;
        c = EMPTY;
        bias = null;
    }

    /** Whether the call has a bias or an activation to apply after the product. */
    boolean hasEpilogue() {
        return GemmEpilogue.needed(bias, act);
    }

    /** Rows of C' (M'). */
    int rows() {
        return swapped ? n : m;
    }

    /** Columns of C' (N'). */
    int cols() {
        return swapped ? m : n;
    }

    /** The array holding L: A, or B when swapped. */
    float[] left() {
        return swapped ? b : a;
    }

    int leftOff() {
        return swapped ? bOff : aOff;
    }

    int leftLd() {
        return swapped ? ldb : lda;
    }

    /** Whether L is stored transposed ({@code L[i][p]} at {@code p * ld + i}). */
    boolean leftTransposed() {
        return swapped ? !transB : transA;
    }

    /** The array holding R: B, or A when swapped. */
    float[] right() {
        return swapped ? a : b;
    }

    int rightOff() {
        return swapped ? aOff : bOff;
    }

    int rightLd() {
        return swapped ? lda : ldb;
    }

    /** Whether R is stored transposed ({@code R[p][j]} at {@code j * ld + p}). */
    boolean rightTransposed() {
        return swapped ? !transA : transB;
    }
}
