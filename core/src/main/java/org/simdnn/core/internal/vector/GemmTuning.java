package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.MR;
import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;

/**
 * The GEMM's cache-block sizes and path thresholds, each overridable by a system property so that they can be
 * measured on a new machine without rebuilding. Read once: they stay {@code static final} for C2. The properties
 * are measurement knobs, not part of the public API.
 *
 * <ul>
 *   <li>{@link #KC} {@code = 256} ({@code -Dsimdnn.gemm.kc}): one packed B micro-panel ({@code KC x NR}) plus one
 *       A micro-panel ({@code MR x KC}) stay L1-resident during the MR sweep (32 KiB L1d).</li>
 *   <li>{@link #MC} {@code = 240} ({@code -Dsimdnn.gemm.mc}, rounded down to a multiple of MR; 240 is one of both
 *       MRs): the packed {@code MC x KC} block of L is {@code MC * KC * 4} bytes, about half of the 512 KiB L2, so it
 *       stays in L2 across the NR sweep with room for the B micro-panels and C.</li>
 *   <li>{@link #NC} = the multiple of NR at or below 2048 ({@code -Dsimdnn.gemm.nc}): the packed {@code KC x NC}
 *       block of R is a few MiB, in the (shared, 32 MiB) L3.</li>
 *   <li>{@link #PARALLEL_THRESHOLD} ({@code -Dsimdnn.gemm.parallelMin}) and {@link #DOT_MAX_M}
 *       ({@code -Dsimdnn.gemm.dotMaxM}) choose paths; see {@link GemmDriver} and {@link GemmDotPath}.</li>
 * </ul>
 */
final class GemmTuning {
    /** K block. */
    static final int KC = knob("simdnn.gemm.kc", 256, 1);
    /** Row block of the packed L (multiple of MR). */
    static final int MC = Math.max(MR, knob("simdnn.gemm.mc", 240, 1) / MR * MR);
    /** Column block of the packed R (multiple of NR). */
    static final int NC = Math.max(NR, knob("simdnn.gemm.nc", 2048, 1) / NR * NR);
    /** Multiply-adds (m*n*k) below which a call stays on the calling thread. */
    static final long PARALLEL_THRESHOLD = knob("simdnn.gemm.parallelMin", 1 << 22, 0);
    /**
     * C = A B^T with at most this many rows goes to the dot-product path, whatever N: a GEMV-like call (inference
     * on one sample: x W^T) would otherwise pack and transpose all of W for one row of output.
     */
    static final int DOT_MAX_M = knob("simdnn.gemm.dotMaxM", 16, 0);

    private GemmTuning() {}

    private static int knob(String property, int dflt, int min) {
        Integer v = Integer.getInteger(property);
        return v == null ? dflt : Math.max(min, v);
    }
}
