package org.simdnn.core.internal;

import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;

/**
 * Scalar twin of the fused batch normalization: the fallback and the speed baseline. Same algorithm as the vector
 * kernel: rows are processed in tiles of {@value BatchNormMath#TILE}; for each column the per-feature constants (scale, shift,
 * ...) are formed once per tile and applied to the tile's rows, so every row is still streamed left to right and
 * no scratch array is needed. The activation is chosen once per call (one loop nest per activation kind).
 *
 * <p>The {@code *Cols} methods work on the column range {@code [c0, c1)} only; the vector kernel uses them for its
 * tail columns, so both backends share one formula for every column.
 */
public final class ScalarBatchNorm extends BatchNormDriver {
    public ScalarBatchNorm() {
        super(new ScalarReductions());
    }

    @Override
    protected void normalize(
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
            int ldy) {
        normalizeCols(x, xOff, ldx, n, 0, c, mean, invStd, gamma, beta, act, slope, y, yOff, ldy);
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
            float[] invStd,
            float @Nullable [] gamma,
            float @Nullable [] beta,
            Activation act,
            float slope,
            float[] y,
            int yOff,
            int ldy) {
        ActivationFamily kind = ActivationFamily.of(act);
        float sl = ActivationFamily.slopeOf(act, slope);
        float a = ActivationFamily.tanhA(act);
        float sc = ActivationFamily.tanhS(act);
        for (int r0 = 0; r0 < n; r0 += BatchNormMath.TILE) {
            int rows = Math.min(BatchNormMath.TILE, n - r0);
            int xr = xOff + r0 * ldx;
            int yr = yOff + r0 * ldy;
            for (int j = c0; j < c1; j++) {
                float inv = invStd[j];
                float s = gamma == null ? inv : gamma[j] * inv;
                float m = mean[j];
                float b = beta == null ? 0f : beta[j];
                int xp = xr + j;
                int yp = yr + j;
                // One loop per kind; the switch is per column and tile, never per element.
                switch (kind) {
                    case PIECEWISE -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = ActivationMath.piecewise(BatchNormMath.z(x[xp], m, s, b), sl);
                        }
                    }
                    case RELU -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = ActivationMath.relu(BatchNormMath.z(x[xp], m, s, b));
                        }
                    }
                    case TANH -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = ActivationMath.scaledTanh(BatchNormMath.z(x[xp], m, s, b), a, sc);
                        }
                    }
                    default -> {
                        for (int k = 0; k < rows; k++, xp += ldx, yp += ldy) {
                            y[yp] = ActivationMath.sigmoid(BatchNormMath.z(x[xp], m, s, b));
                        }
                    }
                }
            }
        }
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
        ActivationFamily kind = ActivationFamily.of(act);
        float sl = ActivationFamily.slopeOf(act, slope);
        float a = ActivationFamily.tanhA(act);
        float sc = ActivationFamily.tanhS(act);
        boolean store = kind.storesDz();
        for (int j = c0; j < c1; j++) {
            sumDz[j] = 0f;
            sumDzXhat[j] = 0f;
        }
        // dact switches per element on the call-invariant kind: always predicted, and short next to the loads; the
        // forward, the hot training path, has one loop nest per kind instead.
        for (int r0 = 0; r0 < n; r0 += BatchNormMath.TILE) {
            int rows = Math.min(BatchNormMath.TILE, n - r0);
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
                    float dz = kind.dz(BatchNormMath.z(xv, m, s, b), dy[dyp], sl, a, sc);
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
        for (int r0 = 0; r0 < n; r0 += BatchNormMath.TILE) {
            int rows = Math.min(BatchNormMath.TILE, n - r0);
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
                    float dz = store ? dx[dxp] : kind.dz(BatchNormMath.z(xv, m, p, b), dy[dyp], sl, a, sc);
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
        ActivationFamily kind = ActivationFamily.of(act);
        float sl = ActivationFamily.slopeOf(act, slope);
        float a = ActivationFamily.tanhA(act);
        float sc = ActivationFamily.tanhS(act);
        if (dgamma != null && dbeta != null) {
            for (int j = c0; j < c1; j++) {
                dgamma[j] = 0f;
                dbeta[j] = 0f;
            }
        }
        for (int r0 = 0; r0 < n; r0 += BatchNormMath.TILE) {
            int rows = Math.min(BatchNormMath.TILE, n - r0);
            for (int j = c0; j < c1; j++) {
                float m = runningMean[j];
                float inv = BatchNormMath.invStd(runningVar[j], eps);
                float s = gamma == null ? inv : gamma[j] * inv;
                float b = beta == null ? 0f : beta[j];
                float sd = 0f;
                float sdx = 0f;
                int xp = xOff + r0 * ldx + j;
                int dyp = dyOff + r0 * lddy + j;
                int dxp = dxOff + r0 * lddx + j;
                for (int k = 0; k < rows; k++, xp += ldx, dyp += lddy, dxp += lddx) {
                    float xv = x[xp];
                    float dz = kind.dz(BatchNormMath.z(xv, m, s, b), dy[dyp], sl, a, sc);
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
