package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.Transpose;
import org.simdnn.core.internal.GemmKernels;

/**
 * SGEMM on the Vector API, BLIS-style: packed panels, cache blocking and an {@code MR x NR} register tile chosen
 * once from the register budget, written for any lane count, with the dense layer's bias and activation fused
 * into the store. This class is the entry ({@link GemmKernels}); the parts, in the order a call meets them:
 *
 * <ul>
 *   <li>{@link GemmProblem}: the call's operands, in one reused per-thread object instead of argument lists;</li>
 *   <li>{@link GemmDriver}: picks the path and the split, runs the shares here or on the pool;</li>
 *   <li>{@link GemmDotPath}: C = A B^T as dot products along K, for small N or small M (no packing);</li>
 *   <li>{@link GemmTiledPath}: everything else, the cache-blocked loop nest over one rectangle of C, with
 *       {@link GemmPacking} (panels), {@link GemmMicroKernels} (the register tile, its shape by the register
 *       budget) and {@link GemmTileStore} (alpha, beta);</li>
 *   <li>{@link GemmEpilogue}: bias + activation on finished rows of C;</li>
 *   <li>{@link GemmTuning} (block sizes and thresholds, with their measurement knobs) and {@link GemmBuffers}
 *       (per-thread scratch).</li>
 * </ul>
 *
 * Results are bit-identical for any thread count and on every JIT tier (for the same species width), and a call
 * allocates nothing in steady state: no vector crosses a call that C2 does not inline.
 */
public final class VectorGemm implements GemmKernels {
    /** The call each thread is making (a call is never re-entered on one thread). */
    private static final ThreadLocal<GemmProblem> PROBLEM = ThreadLocal.withInitial(GemmProblem::new);

    private static final int L = F.length();

    /**
     * The register tile of the micro-kernel as {@code "MRxNV"} (rows x vectors), chosen from the register budget;
     * for reports and for tests whose recorded bits depend on it.
     */
    public static String tile() {
        return GemmMicroKernels.TILE;
    }

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
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            // The product is zero: C = act(beta C + bias).
            for (int i = 0; i < m; i++) {
                GemmTileStore.scaleRow(c, cOff + i * ldc, n, beta);
                if (GemmEpilogue.needed(bias, act)) {
                    GemmEpilogue.apply(c, cOff + i * ldc, n, bias, biasOff, act, slope);
                }
            }
            return;
        }
        GemmProblem p = PROBLEM.get();
        p.set(
                transposeA == Transpose.TRANSPOSE,
                transposeB == Transpose.TRANSPOSE,
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
                act,
                slope);
        try {
            GemmDriver.run(p, threads);
        } finally {
            p.clear();
        }
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
}
