package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.MR;
import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;

/**
 * One thread's GEMM scratch: the packed panels of the tiled path (grown on demand, never shrunk), its register
 * tile, and the dot path's results. Every thread that computes part of a product (the caller and each pool
 * worker) uses its own, so nothing is shared and nothing is allocated per call in steady state.
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> BUFFERS = ThreadLocal.withInitial(GemmBuffers::new);

    /** Packed {@code MC x KC} block of L ({@link GemmPacking#packLeft}). */
    float[] packedLeft = new float[0];
    /** Packed {@code KC x NC} block of R ({@link GemmPacking#packRight}). */
    float[] packedRight = new float[0];
    /** The {@code MR x NR} register tile written by {@link GemmMicroKernels#kernel}. */
    final float[] tile = new float[MR * NR];
    /** The {@code DOT_ROWS x DOT_COLS} dot products of one {@link GemmDotPath} step. */
    final float[] dots = new float[GemmDotPath.DOT_ROWS * GemmDotPath.DOT_COLS];
    /** Their vector accumulators, stored lane by lane so that the lanes are added in index order. */
    final float[] lanes = new float[GemmDotPath.DOT_ROWS * GemmDotPath.DOT_COLS * Lanes.FLOATS];

    private GemmBuffers() {}

    /** @return the calling thread's buffers */
    static GemmBuffers forThisThread() {
        return BUFFERS.get();
    }

    /** Makes {@link #packedLeft} and {@link #packedRight} hold at least the given numbers of floats. */
    void reserve(int left, int right) {
        if (packedLeft.length < left) {
            packedLeft = new float[left];
        }
        if (packedRight.length < right) {
            packedRight = new float[right];
        }
    }
}
