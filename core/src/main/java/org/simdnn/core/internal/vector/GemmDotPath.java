package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * The dot-product path for {@code C = act(alpha A B^T + beta C + bias)} with both A and B stored along K (NT, the
 * dense layer's forward {@code Y = X W^T}) when N is small (the transposed problem would need a transposing pack
 * of all of A, as costly as the product) or M is at most {@link GemmTuning#DOT_MAX_M} (GEMV-like: one sample's
 * inference). Each element is a dot product of a row of A and a row of B along K, vectorized over K
 * ({@link #dot2x5}: 2 rows x 5 columns, 10 accumulators), each accumulator stored to a reused array and its lanes
 * added in index order (not {@code reduceLanes}, whose order is unspecified), so the result is the same on every
 * JIT tier and for every thread count. Nothing is packed.
 */
final class GemmDotPath {
    private static final int L = F.length();
    /** Rows of A per dot-product kernel call. */
    static final int DOT_ROWS = 2;
    /** Columns of C (rows of B) per dot-product kernel call. */
    static final int DOT_COLS = 5;

    private GemmDotPath() {}

    /** Whether a call goes to this path; {@code swapped}: whether the tiled path would transpose it (small N). */
    static boolean applies(GemmProblem p, boolean swapped) {
        return (swapped || p.m <= GemmTuning.DOT_MAX_M) && !p.transA && p.transB;
    }

    /**
     * Rows [i0, i1) of C: computed by {@link #dot2x5} (rows in pairs, columns in fives; a missing partner row or
     * column repeats the last one and is discarded, so each element's arithmetic does not depend on its neighbours
     * or on [i0, i1)), stored with alpha and beta, then the epilogue on each finished row.
     */
    static void rows(GemmProblem p, int i0, int i1) {
        float[] a = p.a;
        int aOff = p.aOff;
        int lda = p.lda;
        float[] b = p.b;
        int bOff = p.bOff;
        int ldb = p.ldb;
        int n = p.n;
        int k = p.k;
        float alpha = p.alpha;
        float beta = p.beta;
        float[] c = p.c;
        int cOff = p.cOff;
        int ldc = p.ldc;
        float @Nullable [] bias = p.bias;
        int biasOff = p.biasOff;
        Activation act = p.act;
        float slope = p.slope;
        GemmBuffers buf = GemmBuffers.forThisThread();
        float[] d = buf.dots;
        boolean epi = p.hasEpilogue();
        for (int i = i0; i < i1; i += DOT_ROWS) {
            int rows = Math.min(DOT_ROWS, i1 - i);
            int x0 = aOff + i * lda;
            int x1 = rows > 1 ? x0 + lda : x0;
            for (int j = 0; j < n; j += DOT_COLS) {
                int last = n - 1;
                dot2x5(
                        a,
                        x0,
                        x1,
                        b,
                        bOff + j * ldb,
                        bOff + Math.min(j + 1, last) * ldb,
                        bOff + Math.min(j + 2, last) * ldb,
                        bOff + Math.min(j + 3, last) * ldb,
                        bOff + Math.min(j + 4, last) * ldb,
                        k,
                        d,
                        buf.lanes);
                int cols = Math.min(DOT_COLS, n - j);
                for (int r = 0; r < rows; r++) {
                    int ci = cOff + (i + r) * ldc + j;
                    for (int q = 0; q < cols; q++) {
                        float v = d[r * DOT_COLS + q];
                        c[ci + q] = beta == 0f ? v * alpha : Math.fma(v, alpha, c[ci + q] * beta);
                    }
                }
            }
            if (epi) {
                for (int r = 0; r < rows; r++) {
                    GemmEpilogue.apply(c, cOff + (i + r) * ldc, n, bias, biasOff, act, slope);
                }
            }
        }
    }

    /**
     * Ten dot products along K: rows {@code x0, x1} of x against rows {@code w0..w4} of w, into
     * {@code d[r * 5 + q]}. Ten vector accumulators (13 live vectors: fits 16 registers), each stored and its
     * lanes added in index order, then the K tail added in order.
     */
    private static void dot2x5(
            float[] x,
            int x0,
            int x1,
            float[] w,
            int w0,
            int w1,
            int w2,
            int w3,
            int w4,
            int k,
            float[] d,
            float[] lanes) {
        FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F), s02 = FloatVector.zero(F);
        FloatVector s03 = FloatVector.zero(F), s04 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F), s12 = FloatVector.zero(F);
        FloatVector s13 = FloatVector.zero(F), s14 = FloatVector.zero(F);
        int vb = F.loopBound(k);
        for (int p = 0; p < vb; p += L) {
            FloatVector a0 = FloatVector.fromArray(F, x, x0 + p);
            FloatVector a1 = FloatVector.fromArray(F, x, x1 + p);
            FloatVector v = FloatVector.fromArray(F, w, w0 + p);
            s00 = a0.fma(v, s00);
            s10 = a1.fma(v, s10);
            v = FloatVector.fromArray(F, w, w1 + p);
            s01 = a0.fma(v, s01);
            s11 = a1.fma(v, s11);
            v = FloatVector.fromArray(F, w, w2 + p);
            s02 = a0.fma(v, s02);
            s12 = a1.fma(v, s12);
            v = FloatVector.fromArray(F, w, w3 + p);
            s03 = a0.fma(v, s03);
            s13 = a1.fma(v, s13);
            v = FloatVector.fromArray(F, w, w4 + p);
            s04 = a0.fma(v, s04);
            s14 = a1.fma(v, s14);
        }
        s00.intoArray(lanes, 0 * L);
        s01.intoArray(lanes, 1 * L);
        s02.intoArray(lanes, 2 * L);
        s03.intoArray(lanes, 3 * L);
        s04.intoArray(lanes, 4 * L);
        s10.intoArray(lanes, 5 * L);
        s11.intoArray(lanes, 6 * L);
        s12.intoArray(lanes, 7 * L);
        s13.intoArray(lanes, 8 * L);
        s14.intoArray(lanes, 9 * L);
        // Lanes summed in index order from memory: deterministic on every tier (reduceLanes' order is unspecified),
        // and no helper taking a vector (a cold call is not inlined and would box it).
        for (int q = 0; q < 10; q++) {
            float t = 0f;
            for (int l = q * L, e = l + L; l < e; l++) {
                t += lanes[l];
            }
            d[q] = tail(t, x, q < 5 ? x0 : x1, w, col(q % 5, w0, w1, w2, w3, w4), vb, k);
        }
    }

    private static int col(int q, int w0, int w1, int w2, int w3, int w4) {
        return q == 0 ? w0 : q == 1 ? w1 : q == 2 ? w2 : q == 3 ? w3 : w4;
    }

    private static float tail(float s, float[] x, int xo, float[] w, int wo, int from, int k) {
        for (int p = from; p < k; p++) {
            s = Math.fma(x[xo + p], w[wo + p], s);
        }
        return s;
    }
}
