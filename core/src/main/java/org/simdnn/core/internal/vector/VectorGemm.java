package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Transpose;
import org.simdnn.core.internal.ActivationMath;
import org.simdnn.core.internal.GemmKernels;
import org.simdnn.core.internal.ParallelFor;

/**
 * BLIS-style SGEMM on the Vector API: packed panels, cache blocking and an {@code MR x NR} register-blocked
 * micro-kernel chosen once from the vector width, written for any lane count.
 *
 * <h2>Micro-kernel (register budget)</h2>
 * A micro-kernel keeps {@code MR * NV} accumulators, {@code NV} vectors of B and one broadcast of A live across
 * its K loop; if they exceed the architectural vector registers C2 spills accumulators to the stack on every K
 * step (an AVX2 probe: 4 x 3 vectors = 12 accumulators ran at 29 GFLOP/s, 3 x 3 = 9 at 51.5, 4 x 2 at 40).
 * {@link Lanes#BITS} {@code >= 512} means AVX-512 class hardware with 32 registers: {@code MR = 12, NV = 2}
 * (24 accumulators + 2 B vectors + 1 broadcast = 27). Otherwise (AVX2, NEON, SSE: 16 registers) {@code MR = 3,
 * NV = 3} (9 + 3 + 1 = 13). Both are {@code static final}, so C2 folds the choice and compiles one kernel.
 * {@code NR = NV * lanes} columns.
 *
 * <h2>Blocking</h2>
 * The product is computed as {@code C' = L * R} with {@code L} {@code M' x K} packed into MR-row panels and
 * {@code R} {@code K x N'} packed into NR-column panels (zero padded, so edge tiles run the same micro-kernel;
 * only their store to C is partial). Loops, outer to inner: NC columns of R, KC steps of K (pack the
 * {@code KC x NC} block of R), MC rows of L (pack the {@code MC x KC} block of L), NR panels, MR panels.
 * <ul>
 *   <li>{@code KC = 256}: one packed B micro-panel ({@code KC x NR}) plus one A micro-panel
 *       ({@code MR x KC}) stay L1-resident during the MR sweep (32 KiB L1d).</li>
 *   <li>{@code MC = 240} (a multiple of both MRs): the packed {@code MC x KC} block of L is
 *       {@code MC * KC * 4} bytes, about half of the 512 KiB L2, so it stays in L2 across the NR sweep with room
 *       for the B micro-panels and C.</li>
 *   <li>{@code NC} = the multiple of NR at or below 2048: the packed {@code KC x NC} block of R is a few MiB, in
 *       the (shared, 32 MiB) L3.</li>
 * </ul>
 *
 * <h2>Small dimensions (the dense layers' 10-wide output)</h2>
 * <ul>
 *   <li>When N is small an NR-wide tile would waste most lanes, so the problem is transposed:
 *       {@code C^T = op(B)^T op(A)^T} is computed with the small dimension along the MR rows of the tile and the
 *       large one along the lanes, and the tile is stored transposed. The choice depends only on the shape (the
 *       fraction of useful tile lanes in each orientation).</li>
 *   <li>Except for NT (forward {@code Y = X W^T}): there the transposed problem would need a transposing pack of
 *       all of X, as costly as the product. Instead each element is a dot product of a row of X and a row of W
 *       along K, vectorized over K ({@code dot2x5}: 2 rows x 5 columns, 10 accumulators), each accumulator
 *       stored to a reused array and its lanes added in index order (not {@code reduceLanes}, whose order is
 *       unspecified), so the result is the same on every JIT tier and for every thread count.</li>
 *   <li>A row-major R (NN, TN) is read in place instead of packed when K is at most {@code DIRECT_MAX_K} (dX =
 *       dY W with K = 10) or M' at most 2 MR (dW = dY^T X with M = 10): packing would copy all of it for a
 *       single use. Only a partial last panel is packed (zero padded).</li>
 * </ul>
 *
 * <h2>Threads and determinism</h2>
 * Above {@code PARALLEL_THRESHOLD} multiply-adds a call splits C' into a grid of rectangles aligned to MR rows
 * and NR columns (the dot path: into row ranges), one per thread of {@link ParallelFor}; each thread packs into its
 * own buffers. The split is described by one reused job object (parallel calls are serialized by the pool; a
 * call that finds it busy runs on its own thread), so a call allocates nothing in steady state. The K loop (its KC
 * blocking and the order inside a micro-kernel) is the same for every tile, so every element of C is computed by
 * the same operations in the same order: results are bit-identical for any thread count (for the same backend
 * and species width).
 */
public final class VectorGemm implements GemmKernels {
    private static final int L = F.length();
    /** 32 vector registers assumed (AVX-512 class): the 12 x 2-vector micro-kernel; else the 3 x 3-vector one. */
    static final boolean WIDE = Lanes.BITS >= 512;
    /** Rows of the register tile. */
    static final int MR = WIDE ? 12 : 3;
    /** Vectors per row of the register tile. */
    static final int NV = WIDE ? 2 : 3;
    /** Columns of the register tile. */
    static final int NR = NV * L;
    /** K block. Tuning knob for measurements: {@code -Dsimdnn.gemm.kc}. */
    static final int KC = knob("simdnn.gemm.kc", 256, 1);
    /** Row block of the packed L (multiple of MR). Tuning knob: {@code -Dsimdnn.gemm.mc}. */
    static final int MC = Math.max(MR, knob("simdnn.gemm.mc", 240, 1) / MR * MR);
    /** Column block of the packed R (multiple of NR). Tuning knob: {@code -Dsimdnn.gemm.nc}. */
    static final int NC = Math.max(NR, knob("simdnn.gemm.nc", 2048, 1) / NR * NR);
    /** Multiply-adds (m*n*k) below which a call stays on the calling thread. Knob: {@code -Dsimdnn.gemm.parallelMin}. */
    static final long PARALLEL_THRESHOLD = knob("simdnn.gemm.parallelMin", 1 << 22, 0);

    /**
     * A blocking constant, overridable by a system property so that block sizes can be measured on a new machine
     * without rebuilding (read once: the constants stay {@code static final} for C2). Not part of the public API.
     */
    private static int knob(String property, int dflt, int min) {
        Integer v = Integer.getInteger(property);
        return v == null ? dflt : Math.max(min, v);
    }
    /** K at or below which a row-major R is read in place. */
    static final int DIRECT_MAX_K = 32;
    /** Rows of A per dot-product kernel call (the small-N NT path). */
    static final int DOT_ROWS = 2;
    /**
     * C = A B^T with at most this many rows goes to the dot-product path too, whatever N: a GEMV-like call
     * (inference on one sample: x W^T) would otherwise pack and transpose all of W for one row of output. Knob:
     * {@code -Dsimdnn.gemm.dotMaxM}.
     */
    static final int DOT_MAX_M = knob("simdnn.gemm.dotMaxM", 16, 0);
    /** Columns of C (rows of B) per dot-product kernel call. */
    static final int DOT_COLS = 5;

    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] dots = new float[DOT_ROWS * DOT_COLS];
        final float[] lanes = new float[DOT_ROWS * DOT_COLS * L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

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
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < m; i++) {
                scaleRow(c, cOff + i * ldc, n, beta);
                if (bias != null || act != Activation.IDENTITY) {
                    epilogue(c, cOff + i * ldc, n, bias, biasOff, act, slope);
                }
            }
            return;
        }
        boolean swap = useful(n, MR) * useful(m, NR) > 1.1 * useful(m, MR) * useful(n, NR);
        // The logical problem C' = Lm * Rm, with C' = C or C^T.
        float[] lm = swap ? b : a;
        int lOff = swap ? bOff : aOff;
        int ldl = swap ? ldb : lda;
        boolean lt = swap ? !transB : transA;
        float[] rm = swap ? a : b;
        int rOff = swap ? aOff : bOff;
        int ldr = swap ? lda : ldb;
        boolean rt = swap ? !transA : transB;
        int mm = swap ? n : m;
        int nn = swap ? m : n;
        int t = (long) m * n * k < PARALLEL_THRESHOLD ? 1 : threads;
        if ((swap || m <= DOT_MAX_M) && !transA && transB) {
            // Small N or small M, C = A B^T with both stored along K: dot products, no transposing pack.
            int tasks = Math.max(1, Math.min(t, m / DOT_ROWS));
            if (tasks > 1 && ParallelFor.tryAcquire()) {
                try {
                    JOB.set(
                            true, a, aOff, lda, false, b, bOff, ldb, false, m, n, k, alpha, beta, c, cOff, ldc, false,
                            bias, biasOff, act, slope, false, tasks, 1, 0, 0);
                    ParallelFor.runAcquired(tasks, JOB);
                } finally {
                    JOB.clear();
                    ParallelFor.release();
                }
            } else {
                dotRows(a, aOff, lda, b, bOff, ldb, 0, m, n, k, alpha, beta, c, cOff, ldc, bias, biasOff, act, slope);
            }
            return;
        }
        // R is read in place (not packed) when it is already row-major and a panel is reused by few row tiles or
        // has few rows: then packing costs as much as the product (dW = dY^T X with 10 outputs, dX = dY W, K = 10).
        boolean directB = !rt && (mm <= 2 * MR || k <= DIRECT_MAX_K);
        int panelsM = (mm + MR - 1) / MR;
        int panelsN = (nn + NR - 1) / NR;
        int tm = Math.min(t, panelsM);
        int tn = Math.max(1, Math.min(t / tm, panelsN));
        if (tm * tn > 1 && ParallelFor.tryAcquire()) {
            try {
                JOB.set(
                        false, lm, lOff, ldl, lt, rm, rOff, ldr, rt, mm, nn, k, alpha, beta, c, cOff, ldc, swap, bias,
                        biasOff, act, slope, directB, tm, tn, panelsM, panelsN);
                ParallelFor.runAcquired(tm * tn, JOB);
            } finally {
                JOB.clear();
                ParallelFor.release();
            }
        } else {
            block(
                    lm, lOff, ldl, lt, rm, rOff, ldr, rt, k, 0, mm, 0, nn, alpha, beta, c, cOff, ldc, swap, bias,
                    biasOff, act, slope, directB);
        }
    }

    /** The one parallel job, reused by every call (they are serialized by the pool): no allocation per call. */
    private static final float[] EMPTY = new float[0];

    private static final Job JOB = new Job();

    /**
     * A parallel call's arguments and its split: share {@code task} is row block {@code task / tn} and column
     * block {@code task % tn} of C' (aligned to MR and NR), or for the dot path rows
     * {@code [m * task / tm, m * (task + 1) / tm)}. Fields are written by the caller before the pool publishes the
     * job (a volatile write) and cleared after it, so the job never keeps user arrays alive.
     */
    private static final class Job implements ParallelFor.Task {
        private boolean dot;
        private float[] l = EMPTY;
        private int lOff;
        private int ldl;
        private boolean lt;
        private float[] r = EMPTY;
        private int rOff;
        private int ldr;
        private boolean rt;
        private int mm;
        private int nn;
        private int k;
        private float alpha;
        private float beta;
        private float[] c = EMPTY;
        private int cOff;
        private int ldc;
        private boolean swap;
        private float @Nullable [] bias;
        private int biasOff;
        private Activation act = Activation.IDENTITY;
        private float slope;
        private boolean directB;
        private int tm;
        private int tn;
        private int panelsM;
        private int panelsN;

        void set(
                boolean dot,
                float[] l,
                int lOff,
                int ldl,
                boolean lt,
                float[] r,
                int rOff,
                int ldr,
                boolean rt,
                int mm,
                int nn,
                int k,
                float alpha,
                float beta,
                float[] c,
                int cOff,
                int ldc,
                boolean swap,
                float @Nullable [] bias,
                int biasOff,
                Activation act,
                float slope,
                boolean directB,
                int tm,
                int tn,
                int panelsM,
                int panelsN) {
            this.dot = dot;
            this.l = l;
            this.lOff = lOff;
            this.ldl = ldl;
            this.lt = lt;
            this.r = r;
            this.rOff = rOff;
            this.ldr = ldr;
            this.rt = rt;
            this.mm = mm;
            this.nn = nn;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.swap = swap;
            this.bias = bias;
            this.biasOff = biasOff;
            this.act = act;
            this.slope = slope;
            this.directB = directB;
            this.tm = tm;
            this.tn = tn;
            this.panelsM = panelsM;
            this.panelsN = panelsN;
        }

        void clear() {
            l = EMPTY;
            r = EMPTY;
            c = EMPTY;
            bias = null;
        }

        @Override
        public void run(int task) {
            if (dot) {
                int i0 = (int) ((long) mm * task / tm);
                int i1 = (int) ((long) mm * (task + 1) / tm);
                dotRows(
                        l, lOff, ldl, r, rOff, ldr, i0, i1, nn, k, alpha, beta, c, cOff, ldc, bias, biasOff, act,
                        slope);
                return;
            }
            int ti = task / tn;
            int tj = task % tn;
            int m0 = (int) ((long) panelsM * ti / tm) * MR;
            int m1 = Math.min(mm, (int) ((long) panelsM * (ti + 1) / tm) * MR);
            int n0 = (int) ((long) panelsN * tj / tn) * NR;
            int n1 = Math.min(nn, (int) ((long) panelsN * (tj + 1) / tn) * NR);
            if (m0 < m1 && n0 < n1) {
                block(
                        l, lOff, ldl, lt, r, rOff, ldr, rt, k, m0, m1, n0, n1, alpha, beta, c, cOff, ldc, swap, bias,
                        biasOff, act, slope, directB);
            }
        }
    }

    /** Fraction of the lanes of {@code ceil(x / r)} tiles of width r that hold useful values. */
    private static double useful(int x, int r) {
        return (double) x / (((x + r - 1) / r) * r);
    }

    /** C' rows [m0, m1) x columns [n0, n1) (m0, n0 aligned to MR, NR), all of K, with this thread's buffers. */
    private static void block(
            float[] lm,
            int lOff,
            int ldl,
            boolean lt,
            float[] rm,
            int rOff,
            int ldr,
            boolean rt,
            int k,
            int m0,
            int m1,
            int n0,
            int n1,
            float alpha,
            float beta,
            float[] c,
            int cOff,
            int ldc,
            boolean swap,
            float @Nullable [] bias,
            int biasOff,
            Activation act,
            float slope,
            boolean directB) {
        Buffers buf = BUFFERS.get();
        int kcMax = Math.min(KC, k);
        int needA = Math.min(MC, roundUp(m1 - m0, MR)) * kcMax;
        int needB = Math.min(NC, roundUp(n1 - n0, NR)) * kcMax;
        if (buf.a.length < needA) {
            buf.a = new float[needA];
        }
        if (buf.b.length < needB) {
            buf.b = new float[needB];
        }
        float[] pa = buf.a;
        float[] pb = buf.b;
        float[] tile = buf.tile;
        boolean epi = bias != null || act != Activation.IDENTITY;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                // In place: full panels are read from R itself; only a partial last panel is packed (zero padded).
                int partial = nc % NR == 0 ? nc : nc / NR * NR;
                if (!directB) {
                    packRight(rm, rOff, ldr, rt, pc, kc, jc, nc, pb);
                } else if (partial < nc) {
                    packRight(rm, rOff, ldr, false, pc, kc, jc + partial, nc - partial, pb);
                }
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packLeft(lm, lOff, ldl, lt, ic, mc, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            boolean inPlace = directB && jr < partial;
                            float[] bp = inPlace ? rm : pb;
                            int bi = inPlace ? rOff + pc * ldr + jc + jr : directB ? 0 : jr * kc;
                            int bs = inPlace ? ldr : NR;
                            kernel(pa, ir * kc, bp, bi, bs, kc, tile);
                            if (swap) {
                                storeSwapped(tile, rows, cols, ic + ir, jc + jr, alpha, beta, first, c, cOff, ldc);
                                if (last && epi) {
                                    for (int q = 0; q < cols; q++) {
                                        epilogue(
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
                                store(tile, rows, cols, alpha, beta, first, c, cOff + (ic + ir) * ldc + jc + jr, ldc);
                                if (last && epi) {
                                    for (int q = 0; q < rows; q++) {
                                        epilogue(
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

    private static void kernel(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        if (WIDE) {
            kernel12x2(ap, pa, bp, pb, bs, kc, t);
        } else {
            kernel3x3(ap, pa, bp, pb, bs, kc, t);
        }
    }

    private static int roundUp(int x, int r) {
        return (x + r - 1) / r * r;
    }

    /**
     * Packs rows [i0, i0+mc) x K-range [p0, p0+kc) of L into MR-row panels: panel q holds, for each p, its MR
     * values contiguously ({@code dst[q*MR*kc + p*MR + r]}); rows past mc are zeros.
     */
    private static void packLeft(
            float[] l, int lOff, int ldl, boolean lt, int i0, int mc, int p0, int kc, float[] dst) {
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
    private static void packRight(
            float[] r, int rOff, int ldr, boolean rt, int p0, int kc, int j0, int nc, float[] dst) {
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

    /**
     * {@code C = alpha * t + beta * C} on the first K block (C not read when beta is 0), {@code C += alpha * t} on
     * the others, for the top-left {@code rows x cols} of the tile.
     */
    private static void store(
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
    private static void storeSwapped(
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

    private static void scaleRow(float[] c, int off, int n, float beta) {
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

    /** {@code c[off + j] = act(c[off + j] + bias[biasOff + j])}, vector body and scalar tail. */
    private static void epilogue(
            float[] c, int off, int n, float @Nullable [] bias, int biasOff, Activation act, float slope) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            activate(v, act, slope).intoArray(c, off + j);
        }
        for (; j < n; j++) {
            float v = c[off + j];
            if (bias != null) {
                v += bias[biasOff + j];
            }
            c[off + j] = ActivationMath.apply(act, slope, v);
        }
    }

    private static FloatVector activate(FloatVector v, Activation act, float slope) {
        return switch (act) {
            case IDENTITY -> v;
            case RELU -> v.max(0f);
            case LEAKY_RELU -> {
                VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
                yield v.mul(slope).blend(v, pos);
            }
            case TANH -> VectorMath.tanh(v);
            case SIGMOID -> VectorMath.sigmoid(v);
            case LECUN_TANH -> VectorMath.tanh(v.mul(Activation.LECUN_S)).mul(Activation.LECUN_A);
        };
    }

    /**
     * Rows [i0, i1) of {@code C = act(alpha A B^T + beta C + bias)} for small n: every element is a dot product of
     * a row of A and a row of B along K, computed by {@link #dot2x5} (rows in pairs, columns in fives; a missing
     * partner row or column repeats the last one and is discarded, so each element's arithmetic does not depend on
     * its neighbours or on [i0, i1)).
     */
    private static void dotRows(
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            int i0,
            int i1,
            int n,
            int k,
            float alpha,
            float beta,
            float[] c,
            int cOff,
            int ldc,
            float @Nullable [] bias,
            int biasOff,
            Activation act,
            float slope) {
        Buffers buf = BUFFERS.get();
        float[] d = buf.dots;
        boolean epi = bias != null || act != Activation.IDENTITY;
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
                    epilogue(c, cOff + (i + r) * ldc, n, bias, biasOff, act, slope);
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

    @Override
    public void columnSums(float[] x, int off, int rows, int cols, int ld, float[] out, int outOff) {
        if (VectorReductions.rowsFromMemory(rows, ld)) {
            VectorReductions.columnSumsFromMemory(x, off, rows, cols, ld, out, outOff);
            return;
        }
        // Four vectors of column sums live in registers over all rows: one pass over x, each sum in row order.
        int j = 0;
        for (int bound = cols - 4 * L; j <= bound; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int i = 0, p = off + j; i < rows; i++, p += ld) {
                s0 = s0.add(FloatVector.fromArray(F, x, p));
                s1 = s1.add(FloatVector.fromArray(F, x, p + L));
                s2 = s2.add(FloatVector.fromArray(F, x, p + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, x, p + 3 * L));
            }
            s0.intoArray(out, outOff + j);
            s1.intoArray(out, outOff + j + L);
            s2.intoArray(out, outOff + j + 2 * L);
            s3.intoArray(out, outOff + j + 3 * L);
        }
        for (int bound = F.loopBound(cols); j < bound; j += L) {
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0, p = off + j; i < rows; i++, p += ld) {
                s0 = s0.add(FloatVector.fromArray(F, x, p));
            }
            s0.intoArray(out, outOff + j);
        }
        if (j < cols) {
            Arrays.fill(out, outOff + j, outOff + cols, 0f);
            for (int i = 0; i < rows; i++) {
                int p = off + i * ld;
                for (int q = j; q < cols; q++) {
                    out[outOff + q] += x[p + q];
                }
            }
        }
    }

    /**
     * The 16-register micro-kernel: {@code t = Apanel(3 x kc) * Bpanel(kc x 3 vectors)} in 9 accumulators (13
     * live vectors in all), same form as {@link #kernel12x2}.
     */
    private static void kernel3x3(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector b2 = FloatVector.fromArray(F, bp, pb + 2 * L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c12.intoArray(t, NR + 2 * L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c22.intoArray(t, 2 * NR + 2 * L);
    }

    /**
     * The 32-register micro-kernel: {@code t = Apanel(12 x kc) * Bpanel(kc x 2 vectors)} in 24 vector
     * accumulators, each updated in the {@code acc = a.fma(b, acc)} form (the reverse makes C2 copy a register
     * before every vfmadd). B rows are {@code bs} apart (NR when packed, ldb when read in place). The tile goes to
     * {@code t} (L1) once per kc steps; C is updated from there. (Storing straight into C from here, with the
     * alpha/beta variants, made the method big enough that C2 did not compile it within JMH's warm-up for K = 10:
     * it ran in C1 code with boxed vectors, 40x slower.)
     */
    private static void kernel12x2(float[] ap, int pa, float[] bp, int pb, int bs, int kc, float[] t) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        FloatVector c80 = FloatVector.zero(F), c81 = FloatVector.zero(F);
        FloatVector c90 = FloatVector.zero(F), c91 = FloatVector.zero(F);
        FloatVector c100 = FloatVector.zero(F), c101 = FloatVector.zero(F);
        FloatVector c110 = FloatVector.zero(F), c111 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, pa += MR, pb += bs) {
            FloatVector b0 = FloatVector.fromArray(F, bp, pb);
            FloatVector b1 = FloatVector.fromArray(F, bp, pb + L);
            FloatVector a;
            a = FloatVector.broadcast(F, ap[pa + 0]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(F, ap[pa + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(F, ap[pa + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(F, ap[pa + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(F, ap[pa + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(F, ap[pa + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(F, ap[pa + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(F, ap[pa + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(F, ap[pa + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(F, ap[pa + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(F, ap[pa + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(F, ap[pa + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
        c60.intoArray(t, 6 * NR);
        c61.intoArray(t, 6 * NR + L);
        c70.intoArray(t, 7 * NR);
        c71.intoArray(t, 7 * NR + L);
        c80.intoArray(t, 8 * NR);
        c81.intoArray(t, 8 * NR + L);
        c90.intoArray(t, 9 * NR);
        c91.intoArray(t, 9 * NR + L);
        c100.intoArray(t, 10 * NR);
        c101.intoArray(t, 10 * NR + L);
        c110.intoArray(t, 11 * NR);
        c111.intoArray(t, 11 * NR + L);
    }
}
