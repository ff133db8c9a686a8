package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;
import static org.simdnn.core.internal.vector.Lanes.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Merges a finished register tile into C: {@code C = alpha * tile + beta * C} for the first K block (C is not
 * read when beta is 0) and {@code C += alpha * tile} for the later ones, either straight ({@link #store}) or
 * transposed, for the swapped problem {@code C^T = L R} ({@link #storeSwapped}). Only the top-left
 * {@code rows x cols} of the tile is stored (edge tiles). Bias and activation come after the last K block, in
 * {@link GemmEpilogue}.
 */
final class GemmTileStore {
    private static final int L = F.length();

    private GemmTileStore() {}

    /**
     * {@code C = alpha * t + beta * C} on the first K block (C not read when beta is 0), {@code C += alpha * t} on
     * the others, for the top-left {@code rows x cols} of the tile.
     */
    static void store(
            float[] t, int rows, int cols, float alpha, float beta, boolean first, float[] c, int cOff, int ldc) {
        int vb = F.loopBound(cols);
        FloatVector av = FloatVector.broadcast(F, alpha);
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * ldc;
            int ti = r * NR;
            int j = 0;
            if (first && beta == 0f) {
                for (; j < vb; j += L) {
                    FloatVector.fromArray(F, t, ti + j).mul(alpha).intoArray(c, ci + j);
                }
                for (; j < cols; j++) {
                    c[ci + j] = t[ti + j] * alpha;
                }
            } else if (first) {
                for (; j < vb; j += L) {
                    FloatVector cv = FloatVector.fromArray(F, c, ci + j).mul(beta);
                    FloatVector.fromArray(F, t, ti + j).fma(av, cv).intoArray(c, ci + j);
                }
                for (; j < cols; j++) {
                    c[ci + j] = Math.fma(t[ti + j], alpha, c[ci + j] * beta);
                }
            } else {
                for (; j < vb; j += L) {
                    FloatVector cv = FloatVector.fromArray(F, c, ci + j);
                    FloatVector.fromArray(F, t, ti + j).fma(av, cv).intoArray(c, ci + j);
                }
                for (; j < cols; j++) {
                    c[ci + j] = Math.fma(t[ti + j], alpha, c[ci + j]);
                }
            }
        }
    }

    /** Like {@link #store} for the transposed problem: tile row r is C column {@code i0 + r}. */
    static void storeSwapped(
            float[] t,
            int rows,
            int cols,
            int i0,
            int j0,
            float alpha,
            float beta,
            boolean first,
            float[] c,
            int cOff,
            int ldc) {
        for (int q = 0; q < cols; q++) {
            int ci = cOff + (j0 + q) * ldc + i0;
            for (int r = 0, ti = q; r < rows; r++, ti += NR) {
                float v = t[ti];
                if (!first) {
                    c[ci + r] = Math.fma(v, alpha, c[ci + r]);
                } else if (beta == 0f) {
                    c[ci + r] = v * alpha;
                } else {
                    c[ci + r] = Math.fma(v, alpha, c[ci + r] * beta);
                }
            }
        }
    }

    /** {@code C = beta * C} for one row: all that is stored when the product is zero (k = 0 or alpha = 0). */
    static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 0f) {
            Arrays.fill(c, off, off + n, 0f);
        } else if (beta != 1f) {
            int j = 0;
            for (int vb = F.loopBound(n); j < vb; j += L) {
                FloatVector.fromArray(F, c, off + j).mul(beta).intoArray(c, off + j);
            }
            for (; j < n; j++) {
                c[off + j] = c[off + j] * beta;
            }
        }
    }
}
