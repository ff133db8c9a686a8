package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * The two forward passes, written once for both backends: statistics (from the backend's column statistics, or
 * from the running ones), then the backend's one elementwise pass {@link #normalize}. Every array argument means
 * one thing: the biased batch variance goes through a per-thread scratch row, never through {@code saveInvStd},
 * and inference turns the running variance into {@code 1/sqrt(var + eps)} in that row before the same pass.
 */
public abstract class BatchNormDriver implements BatchNormKernels {
    /** Per-thread row of c floats (batch variance, or the inference invStd), grown on demand, never shrunk. */
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private final ReductionKernels stats;

    protected BatchNormDriver(ReductionKernels stats) {
        this.stats = stats;
    }

    /**
     * {@code y = act((x - mean) * gamma * invStd + beta)} over the {@code n x c} batch; {@code y} may be identical
     * to {@code x}. Per-feature arrays are indexed from 0.
     */
    protected abstract void normalize(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy);

    @Override
    public final void forwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy,
            float[] saveMean,
            float[] saveInvStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        float[] var = row(c);
        stats.columnMeanVariance(x, xOff, n, c, ldx, saveMean, 0, var, 0);
        BatchNormMath.finishStats(n, c, eps, saveMean, var, saveInvStd, runningMean, runningVar, momentum);
        normalize(x, xOff, n, c, ldx, saveMean, saveInvStd, gamma, beta, act, slope, y, yOff, ldy);
    }

    @Override
    public final void forwardInference(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] runningMean,
            float[] runningVar,
            float eps,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        float[] invStd = row(c);
        for (int j = 0; j < c; j++) {
            invStd[j] = BatchNormMath.invStd(runningVar[j], eps);
        }
        normalize(x, xOff, n, c, ldx, runningMean, invStd, gamma, beta, act, slope, y, yOff, ldy);
    }

    private static float[] row(int c) {
        float[][] holder = ROW.get();
        if (holder[0].length < c) {
            holder[0] = new float[c];
        }
        return holder[0];
    }
}
