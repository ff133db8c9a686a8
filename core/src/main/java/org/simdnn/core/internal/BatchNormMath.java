package org.simdnn.core.internal;

/**
 * The batch-normalization formulas both backends share: the one expression every pass evaluates ({@link #z}),
 * the inverse standard deviation, the statistics finish with PyTorch's running-statistics update, and the row tile
 * the per-feature constants are formed for. {@link ScalarBatchNorm} and {@code vector.VectorBatchNorm} call these;
 * neither twin owns them.
 */
public final class BatchNormMath {
    private BatchNormMath() {}

    /** Rows per tile: per-column constants are formed once per tile. */
    public static final int TILE = 4;

    /**
     * {@code invStd = 1/sqrt(var + eps)} from the biased batch variance, and the running statistics updated
     * (PyTorch's convention: {@code momentum} weighs this batch, the running variance is unbiased by {@code
     * n/(n-1)}). O(c), in double so that the update is the correctly rounded PyTorch formula.
     */
    public static void finishStats(
            int n,
            int c,
            float eps,
            float[] mean,
            float[] var,
            float[] invStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        double m = momentum;
        double unbias = (double) n / (n - 1);
        for (int j = 0; j < c; j++) {
            double v = var[j];
            runningMean[j] = (float) ((1 - m) * runningMean[j] + m * mean[j]);
            runningVar[j] = (float) ((1 - m) * runningVar[j] + m * v * unbias);
            invStd[j] = (float) (1 / Math.sqrt(v + eps));
        }
    }

    /** {@code 1/sqrt(var + eps)} in float, the same operations as the vector kernel. */
    public static float invStd(float var, float eps) {
        return 1f / (float) Math.sqrt(var + eps);
    }

    /**
     * The normalized, affine-mapped input {@code (x - m) * s + b}, the one formula of every forward and backward
     * pass. Subtracting first makes {@code x - m} exact wherever x is within a factor of two of the mean (Sterbenz),
     * so a zero-variance column gives exactly b; the folded form {@code x * s + (b - m * s)} rounds {@code m * s},
     * an error of {@code u |m| s} that at 3e7 with the invStd of eps = 1e-5 outweighed b itself.
     */
    public static float z(float x, float m, float s, float b) {
        return Math.fma(x - m, s, b);
    }
}
