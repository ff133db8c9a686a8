package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * Scalar twin of the fused batch normalization: the fallback and the speed baseline. Same algorithm as the vector
 * kernel: rows are processed in tiles of {@value #TILE}; for each column the per-feature constants (scale, shift,
 * ...) are formed once per tile and applied to the tile's rows, so every row is still streamed left to right and
 * no scratch array is needed. The activation is chosen once per call (one loop nest per activation kind).
 *
 * <p>The {@code *Cols} methods work on the column range {@code [c0, c1)} only; the vector kernel uses them for its
 * tail columns, so both backends share one formula for every column.
 */
public final class ScalarBatchNorm implements BatchNormKernels {
    /** Rows per tile: per-column constants are formed once per tile. */
    public static final int TILE = 4;

    /** {@code y = z > 0 ? z : slope*z}: identity (slope 1) and leaky ReLU. */
    public static final int PIECEWISE = 0;
    /** {@code y = max(0, z)}. */
    public static final int RELU = 1;
    /** {@code y = A * tanh(S * z)}: tanh (A = S = 1) and LeCun's tanh. */
    public static final int TANH = 2;
    /** {@code y = 1 / (1 + e^-z)}. */
    public static final int SIGMOID = 3;

    private static final ReductionKernels STATS = new ScalarReductions();

    /** The loop kind implementing {@code act}. */
    public static int kind(Activation act) {
        return switch (act) {
            case IDENTITY, LEAKY_RELU -> PIECEWISE;
            case RELU -> RELU;
            case TANH, LECUN_TANH -> TANH;
            case SIGMOID -> SIGMOID;
        };
    }

    /** The negative-side slope of a {@link #PIECEWISE} activation. */
    public static float slopeOf(Activation act, float slope) {
        return act == Activation.IDENTITY ? 1f : slope;
    }

    /** A of a {@link #TANH} activation. */
    public static float tanhA(Activation act) {
        return act == Activation.LECUN_TANH ? Activation.LECUN_A : 1f;
    }

    /** S of a {@link #TANH} activation. */
    public static float tanhS(Activation act) {
        return act == Activation.LECUN_TANH ? Activation.LECUN_S : 1f;
    }

    @Override
    public void forwardTraining(
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
        trainStats(x, xOff, ldx, n, c, eps, saveMean, saveInvStd, runningMean, runningVar, momentum);
        normalize(x, xOff, ldx, n, c, saveMean, saveInvStd, false, eps, gamma, beta, act, slope, y, yOff, ldy);
    }

    @Override
    public void forwardInference(
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
        normalize(x, xOff, ldx, n, c, runningMean, runningVar, true, eps, gamma, beta, act, slope, y, yOff, ldy);
    }

    /** Batch statistics; the biased variance passes through {@code invStd} before it becomes 1/sqrt(var + eps). */
    private static void trainStats(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float eps,
            float[] mean,
            float[] invStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        STATS.columnMeanVariance(x, xOff, n, c, ldx, mean, 0, invStd, 0);
        finishStats(n, c, eps, mean, invStd, runningMean, runningVar, momentum);
    }

    /**
     * Turns the biased variance held in {@code invStd} into {@code 1/sqrt(var + eps)} and updates the running
     * statistics (PyTorch's convention). O(c), in double so that the update is the correctly rounded PyTorch formula.
     */
    public static void finishStats(
            int n,
            int c,
            float eps,
            float[] mean,
            float[] invStd,
            float[] runningMean,
            float[] runningVar,
            float momentum) {
        double m = momentum;
        double unbias = (double) n / (n - 1);
        for (int j = 0; j < c; j++) {
            double var = invStd[j];
            runningMean[j] = (float) ((1 - m) * runningMean[j] + m * mean[j]);
            runningVar[j] = (float) ((1 - m) * runningVar[j] + m * var * unbias);
            invStd[j] = (float) (1 / Math.sqrt(var + eps));
        }
    }

    /** {@code 1/sqrt(var + eps)} in float, the same operations as the vector kernel. */
    public static float invStd(float var, float eps) {
        return 1f / (float) Math.sqrt(var + eps);
    }

    /** {@code y = act(gamma * (x - mean) * inv + beta)}, inv = {@code stat}, or 1/sqrt(stat + eps) when statIsVar. */
    private static void normalize(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c,
            float[] mean,
            float[] stat,
            boolean statIsVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        normalizeCols(x, xOff, ldx, n, 0, c, mean, stat, statIsVar, eps, gamma, beta, act, slope, y, yOff, ldy);
    }

    /** {@link #normalize} on the columns {@code [c0, c1)}. */
    public static void normalizeCols(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c0,
            int c1,
            float[] mean,
            float[] stat,
            boolean statIsVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        int kind = kind(act);
        float sl = slopeOf(act, slope);
        float a = tanhA(act);
        float sc = tanhS(act);
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            int xr = xOff + r0 * ldx;
            int yr = yOff + r0 * ldy;
            for (int j = c0; j < c1; j++) {
                float inv = statIsVar ? invStd(stat[j], eps) : stat[j];
                float s = gamma == null ? inv : gamma[j] * inv;
                float m = mean[j];
                float b = beta == null ? 0f : beta[j];
                int xp = xr + j;
                int yp = yr + j;
                // One loop per kind; the switch is per column and tile, never per element.
                switch (kind) {
                    case PIECEWISE -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            float z = z(x[xp], m, s, b);
                            y[yp] = z > 0f ? z : sl * z;
                        }
                    }
                    case RELU -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = Math.max(0f, z(x[xp], m, s, b));
                        }
                    }
                    case TANH -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = a * ScalarMath.tanh(sc * z(x[xp], m, s, b));
                        }
                    }
                    default -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = ScalarMath.sigmoid(z(x[xp], m, s, b));
                        }
                    }
                }
            }
        }
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

    /** {@code dy * act'(z)}. */
    public static float dact(int kind, float z, float dy, float slope, float a, float s) {
        return switch (kind) {
            case PIECEWISE -> z > 0f ? dy : slope * dy;
            case RELU -> z > 0f ? dy : 0f;
            case TANH -> {
                float th = ScalarMath.tanh(s * z);
                yield dy * (a * s) * Math.fma(-th, th, 1f);
            }
            default -> {
                float sg = ScalarMath.sigmoid(z);
                yield dy * (sg - sg * sg);
            }
        };
    }

    /** Whether the training backward keeps dz in dx between its passes instead of recomputing it. */
    public static boolean storesDz(int kind) {
        return kind == TANH || kind == SIGMOID;
    }

    @Override
    public void backwardTraining(
            float[] x,
            int xOff,
            int n,
            int c,
            int ldx,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            float[] mean,
            float[] invStd,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        backwardTrainingCols(
                x, xOff, ldx, n, 0, c, mean, invStd, gamma, beta, act, slope, dy, dyOff, lddy, dx, dxOff, lddx,
                sumDzXhat, sumDz);
    }

    /**
     * {@link #backwardTraining} on the columns {@code [c0, c1)}. Pass 1 recomputes xhat and z per element, forms
     * dz and the two column sums (stores dz in dx for the transcendental kinds); pass 2 forms dx.
     */
    public static void backwardTrainingCols(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c0,
            int c1,
            float[] mean,
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float[] sumDzXhat,
            float[] sumDz) {
        int kind = kind(act);
        float sl = slopeOf(act, slope);
        float a = tanhA(act);
        float sc = tanhS(act);
        boolean store = storesDz(kind);
        for (int j = c0; j < c1; j++) {
            sumDz[j] = 0f;
            sumDzXhat[j] = 0f;
        }
        // dact switches per element on the call-invariant kind: always predicted, and short next to the loads; the
        // forward, the hot training path, has one loop nest per kind instead.
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = c0; j < c1; j++) {
                float m = mean[j];
                float inv = invStd[j];
                float s = gamma == null ? inv : gamma[j] * inv;
                float b = beta == null ? 0f : beta[j];
                float sd = 0f;
                float sdx = 0f;
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    float xv = x[xp];
                    float dz = dact(kind, z(xv, m, s, b), dy[dyp], sl, a, sc);
                    if (store) {
                        dx[dxp] = dz;
                    }
                    sd += dz;
                    sdx = Math.fma(dz, (xv - m) * inv, sdx);
                }
                sumDz[j] += sd;
                sumDzXhat[j] += sdx;
            }
        }
        float invN = 1f / n;
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = c0; j < c1; j++) {
                float m = mean[j];
                float inv = invStd[j];
                float p = gamma == null ? inv : gamma[j] * inv;
                float b = beta == null ? 0f : beta[j];
                float q = -(p * inv) * (sumDzXhat[j] * invN);
                float rr = -p * (sumDz[j] * invN);
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    float xv = x[xp];
                    float dz = store ? dx[dxp] : dact(kind, z(xv, m, p, b), dy[dyp], sl, a, sc);
                    dx[dxp] = Math.fma(p, dz, Math.fma(q, xv - m, rr));
                }
            }
        }
    }

    @Override
    public void backwardInference(
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
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float @Nullable [] dgamma,
            float @Nullable [] dbeta) {
        backwardInferenceCols(
                x,
                xOff,
                ldx,
                n,
                0,
                c,
                runningMean,
                runningVar,
                eps,
                gamma,
                beta,
                act,
                slope,
                dy,
                dyOff,
                lddy,
                dx,
                dxOff,
                lddx,
                dgamma,
                dbeta);
    }

    /** {@link #backwardInference} on the columns {@code [c0, c1)}: one pass. */
    public static void backwardInferenceCols(
            float[] x,
            int xOff,
            int ldx,
            int n,
            int c0,
            int c1,
            float[] runningMean,
            float[] runningVar,
            float eps,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] dy,
            int dyOff,
            int lddy,
            float[] dx,
            int dxOff,
            int lddx,
            float @Nullable [] dgamma,
            float @Nullable [] dbeta) {
        int kind = kind(act);
        float sl = slopeOf(act, slope);
        float a = tanhA(act);
        float sc = tanhS(act);
        if (dgamma != null && dbeta != null) {
            for (int j = c0; j < c1; j++) {
                dgamma[j] = 0f;
                dbeta[j] = 0f;
            }
        }
        for (int r0 = 0; r0 < n; r0 += TILE) {
            int rows = Math.min(TILE, n - r0);
            for (int j = c0; j < c1; j++) {
                float m = runningMean[j];
                float inv = invStd(runningVar[j], eps);
                float s = gamma == null ? inv : gamma[j] * inv;
                float b = beta == null ? 0f : beta[j];
                float sd = 0f;
                float sdx = 0f;
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    float xv = x[xp];
                    float dz = dact(kind, z(xv, m, s, b), dy[dyp], sl, a, sc);
                    dx[dxp] = s * dz;
                    sd += dz;
                    sdx = Math.fma(dz, (xv - m) * inv, sdx);
                }
                if (dgamma != null && dbeta != null) {
                    dbeta[j] += sd;
                    dgamma[j] += sdx;
                }
            }
        }
    }
}
