package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.MR;
import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;
import static org.simdnn.core.internal.vector.GemmTuning.KC;
import static org.simdnn.core.internal.vector.GemmTuning.MC;
import static org.simdnn.core.internal.vector.GemmTuning.NC;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * The BLIS-style tiled product over one rectangle of {@code C' = L R} ({@link GemmProblem}): packed panels, cache
 * blocking, the {@link GemmMicroKernels} register tile, then {@link GemmTileStore} and {@link GemmEpilogue}.
 *
 * <h2>Blocking</h2>
 * {@code L} ({@code M' x K}) is packed into MR-row panels and {@code R} ({@code K x N'}) into NR-column panels
 * ({@link GemmPacking}; zero padded, so edge tiles run the same micro-kernel and only their store to C is partial).
 * Loops, outer to inner: NC columns of R, KC steps of K (pack the {@code KC x NC} block of R), MC rows of L (pack
 * the {@code MC x KC} block of L), NR panels, MR panels. The sizes are {@link GemmTuning}'s. The K loop does not
 * depend on the rectangle, so every element of C gets the same operations in the same order however C' is split.
 *
 * <h2>Orientation and R in place</h2>
 * <ul>
 *   <li>When N is small an NR-wide tile would waste most lanes, so the problem is transposed ({@link
 *       #prefersSwapped}): {@code C^T = op(B)^T op(A)^T} is computed with the small dimension along the MR rows of
 *       the tile and the large one along the lanes, and the tile is stored transposed. The choice depends only on
 *       the shape (the fraction of useful tile lanes in each orientation).</li>
 *   <li>A row-major R (NN, TN) is read in place instead of packed when K is at most {@link #DIRECT_MAX_K} (dX =
 *       dY W with K = 10) or M' at most 2 MR (dW = dY^T X with M = 10): packing would copy all of it for a single
 *       use. Only a partial last panel is packed (zero padded).</li>
 * </ul>
 */
final class GemmTiledPath {
    /** K at or below which a row-major R is read in place. */
    static final int DIRECT_MAX_K = 32;

    private GemmTiledPath() {}

    /** Whether the transposed problem {@code C^T} fills clearly more tile lanes than C for an m x n product. */
    static boolean prefersSwapped(int m, int n) {
        return useful(n, MR) * useful(m, NR) > 1.1 * useful(m, MR) * useful(n, NR);
    }

    /** Fraction of the lanes of {@code ceil(x / r)} tiles of width r that hold useful values. */
    private static double useful(int x, int r) {
        return (double) x / (((x + r - 1) / r) * r);
    }

    /**
     * Rows [m0, m1) x columns [n0, n1) of C' (m0, n0 aligned to MR, NR), all of K, with this thread's buffers;
     * {@code p.swapped} already chosen.
     */
    static void multiply(GemmProblem p, int m0, int m1, int n0, int n1) {
        float[] lm = p.left();
        int lOff = p.leftOff();
        int ldl = p.leftLd();
        boolean lt = p.leftTransposed();
        float[] rm = p.right();
        int rOff = p.rightOff();
        int ldr = p.rightLd();
        boolean rt = p.rightTransposed();
        int k = p.k;
        float alpha = p.alpha;
        float beta = p.beta;
        float[] c = p.c;
        int cOff = p.cOff;
        int ldc = p.ldc;
        boolean swap = p.swapped;
        float @Nullable [] bias = p.bias;
        int biasOff = p.biasOff;
        Activation act = p.act;
        float slope = p.slope;
        // R is read in place (not packed) when it is already row-major and a panel is reused by few row tiles or
        // has few rows: then packing costs as much as the product (dW = dY^T X with 10 outputs, dX = dY W, K = 10).
        boolean directB = !rt && (p.rows() <= 2 * MR || k <= DIRECT_MAX_K);
        boolean epi = p.hasEpilogue();
        GemmBuffers buf = GemmBuffers.forThisThread();
        int kcMax = Math.min(KC, k);
        buf.reserve(Math.min(MC, roundUp(m1 - m0, MR)) * kcMax, Math.min(NC, roundUp(n1 - n0, NR)) * kcMax);
        float[] pa = buf.packedLeft;
        float[] pb = buf.packedRight;
        float[] tile = buf.tile;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                // In place: full panels are read from R itself; only a partial last panel is packed (zero padded).
                int partial = nc % NR == 0 ? nc : nc / NR * NR;
                if (!directB) {
                    GemmPacking.packRight(rm, rOff, ldr, rt, pc, kc, jc, nc, pb);
                } else if (partial < nc) {
                    GemmPacking.packRight(rm, rOff, ldr, false, pc, kc, jc + partial, nc - partial, pb);
                }
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    GemmPacking.packLeft(lm, lOff, ldl, lt, ic, mc, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            boolean inPlace = directB && jr < partial;
                            float[] bp = inPlace ? rm : pb;
                            int bi = inPlace ? rOff + pc * ldr + jc + jr : directB ? 0 : jr * kc;
                            int bs = inPlace ? ldr : NR;
                            GemmMicroKernels.kernel(pa, ir * kc, bp, bi, bs, kc, tile);
                            if (swap) {
                                GemmTileStore.storeSwapped(
                                        tile, rows, cols, ic + ir, jc + jr, alpha, beta, first, c, cOff, ldc);
                                if (last && epi) {
                                    for (int q = 0; q < cols; q++) {
                                        GemmEpilogue.apply(
                                                c,
                                                cOff + (jc + jr + q) * ldc + ic + ir,
                                                rows,
                                                bias,
                                                biasOff + ic + ir,
                                                act,
                                                slope);
                                    }
                                }
                            } else {
                                GemmTileStore.store(
                                        tile, rows, cols, alpha, beta, first, c, cOff + (ic + ir) * ldc + jc + jr, ldc);
                                if (last && epi) {
                                    for (int q = 0; q < rows; q++) {
                                        GemmEpilogue.apply(
                                                c,
                                                cOff + (ic + ir + q) * ldc + jc + jr,
                                                cols,
                                                bias,
                                                biasOff + jc + jr,
                                                act,
                                                slope);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int r) {
        return (x + r - 1) / r * r;
    }
}
