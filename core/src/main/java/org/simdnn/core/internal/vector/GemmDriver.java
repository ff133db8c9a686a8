package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.GemmMicroKernels.MR;
import static org.simdnn.core.internal.vector.GemmMicroKernels.NR;

import org.simdnn.core.internal.ParallelFor;

/**
 * Runs one GEMM call ({@link GemmProblem}, {@code k > 0}, {@code alpha != 0}): chooses the path (dot products or the
 * tiled product, and the tiled product's orientation), splits the work and runs the shares on the calling thread or
 * on {@link ParallelFor}. The only class that talks to the pool.
 *
 * <h2>Threads and determinism</h2>
 * At or above {@link GemmTuning#PARALLEL_THRESHOLD} multiply-adds a call splits C' into a grid of rectangles
 * aligned to MR rows and NR columns (the dot path: into row ranges), one per thread; each thread packs into its own
 * {@link GemmBuffers}. The split is described by one reused job object: parallel calls are serialized by the pool,
 * and a call that finds the pool busy runs on its own thread, so a call allocates nothing in steady state. The K
 * loop (its KC blocking and the order inside a micro-kernel) is the same for every share, so every element of C is
 * computed by the same operations in the same order: results are bit-identical for any thread count (for the same
 * backend and species width).
 */
final class GemmDriver implements ParallelFor.Task {
    /** Held by the job between calls: references no user array. */
    private static final GemmProblem NO_PROBLEM = new GemmProblem();

    /** The one parallel job, reused by every parallel call (the pool runs one at a time). */
    private static final GemmDriver JOB = new GemmDriver();

    /**
     * The call being split, and the split: share {@code task} is row block {@code task / tn} and column block
     * {@code task % tn} of C' (aligned to MR and NR), or for the dot path rows {@code [m * task / tm, m * (task + 1)
     * / tm)}. Written before the pool publishes the job (a volatile write) and cleared after it.
     */
    private GemmProblem problem = NO_PROBLEM;

    private boolean dot;
    private int tm;
    private int tn;
    private int panelsM;
    private int panelsN;

    private GemmDriver() {}

    /** Computes the call {@code p} with at most {@code threads} threads (the caller included). */
    static void run(GemmProblem p, int threads) {
        int t = (long) p.m * p.n * p.k < GemmTuning.PARALLEL_THRESHOLD ? 1 : threads;
        boolean swap = GemmTiledPath.prefersSwapped(p.m, p.n);
        if (GemmDotPath.applies(p, swap)) {
            // Small N or small M, C = A B^T with both stored along K: dot products, no transposing pack.
            int tasks = Math.max(1, Math.min(t, p.m / GemmDotPath.DOT_ROWS));
            if (!runOnPool(p, true, tasks, 1, 0, 0)) {
                GemmDotPath.rows(p, 0, p.m);
            }
            return;
        }
        p.swapped = swap;
        int mm = p.rows();
        int nn = p.cols();
        int panelsM = (mm + MR - 1) / MR;
        int panelsN = (nn + NR - 1) / NR;
        int tm = Math.min(t, panelsM);
        int tn = Math.max(1, Math.min(t / tm, panelsN));
        if (!runOnPool(p, false, tm, tn, panelsM, panelsN)) {
            GemmTiledPath.multiply(p, 0, mm, 0, nn);
        }
    }

    /**
     * Runs the {@code tm * tn} shares on the pool if there is more than one and the pool is free.
     *
     * @return false if nothing was run (the caller then does all of it on its own thread)
     */
    private static boolean runOnPool(GemmProblem p, boolean dot, int tm, int tn, int panelsM, int panelsN) {
        if (tm * tn <= 1 || !ParallelFor.tryAcquire()) {
            return false;
        }
        try {
            JOB.problem = p;
            JOB.dot = dot;
            JOB.tm = tm;
            JOB.tn = tn;
            JOB.panelsM = panelsM;
            JOB.panelsN = panelsN;
            ParallelFor.runAcquired(tm * tn, JOB);
        } finally {
            JOB.problem = NO_PROBLEM;
            ParallelFor.release();
        }
        return true;
    }

    @Override
    public void run(int task) {
        GemmProblem p = problem;
        if (dot) {
            int i0 = (int) ((long) p.m * task / tm);
            int i1 = (int) ((long) p.m * (task + 1) / tm);
            GemmDotPath.rows(p, i0, i1);
            return;
        }
        int mm = p.rows();
        int nn = p.cols();
        int ti = task / tn;
        int tj = task % tn;
        int m0 = (int) ((long) panelsM * ti / tm) * MR;
        int m1 = Math.min(mm, (int) ((long) panelsM * (ti + 1) / tm) * MR);
        int n0 = (int) ((long) panelsN * tj / tn) * NR;
        int n1 = Math.min(nn, (int) ((long) panelsN * (tj + 1) / tn) * NR);
        if (m0 < m1 && n0 < n1) {
            GemmTiledPath.multiply(p, m0, m1, n0, n1);
        }
    }
}
