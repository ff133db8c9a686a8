package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.MR;
import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;
import static org.simdnn.core.internal.vector.Lanes.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packing for the tiled path: copies a block of the left factor L into MR-row panels and a block of the right
 * factor R into NR-column panels, in the order the micro-kernel reads them (one contiguous run per K step), zero
 * padded to whole panels so that edge tiles run the same kernel. Either factor may be stored transposed.
 */
final class GemmPacking {
    private static final int L = F.length();

    private GemmPacking() {}

    /**
     * Packs rows [i0, i0+mc) x K-range [p0, p0+kc) of L into MR-row panels: panel q holds, for each p, its MR
     * values contiguously ({@code dst[q*MR*kc + p*MR + r]}); rows past mc are zeros.
     */
    static void packLeft(float[] l, int lOff, int ldl, boolean lt, int i0, int mc, int p0, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (lt) {
                // L[i][p] = l[p*ldl + i]: MR contiguous source values per p.
                for (int p = 0; p < kc; p++) {
                    int src = lOff + (p0 + p) * ldl + i0 + ir;
                    int d = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = l[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = lOff + (i0 + ir + r) * ldl + p0;
                    for (int p = 0, d = base + r; p < kc; p++, d += MR) {
                        dst[d] = l[src + p];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0, d = base + r; p < kc; p++, d += MR) {
                        dst[d] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs K-range [p0, p0+kc) x columns [j0, j0+nc) of R into NR-column panels: panel q holds, for each p, its NR
     * values contiguously ({@code dst[q*NR*kc + p*NR + j]}); columns past nc are zeros.
     */
    static void packRight(float[] r, int rOff, int ldr, boolean rt, int p0, int kc, int j0, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (rt) {
                // R[p][j] = r[j*ldr + p]: a transpose; stream each source row along K.
                for (int q = 0; q < cols; q++) {
                    int src = rOff + (j0 + jr + q) * ldr + p0;
                    for (int p = 0, d = base + q; p < kc; p++, d += NR) {
                        dst[d] = r[src + p];
                    }
                }
                for (int q = cols; q < NR; q++) {
                    for (int p = 0, d = base + q; p < kc; p++, d += NR) {
                        dst[d] = 0f;
                    }
                }
            } else if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = rOff + (p0 + p) * ldr + j0 + jr;
                    int d = base + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        FloatVector.fromArray(F, r, src + v).intoArray(dst, d + v);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = rOff + (p0 + p) * ldr + j0 + jr;
                    int d = base + p * NR;
                    System.arraycopy(r, src, dst, d, cols);
                    Arrays.fill(dst, d + cols, d + NR, 0f);
                }
            }
        }
    }
}
