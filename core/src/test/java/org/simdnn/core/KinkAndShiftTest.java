package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Two exact edge behaviours the random properties almost never hit: the derivative of RELU / LEAKY_RELU inside
 * BatchNorm at exactly z = 0 (0 and slope, as in {@link Activations}: y > 0 only where z > 0), and variance of data
 * so far from zero that their squares no longer add exactly in double (only the shifted algorithm keeps them).
 */
class KinkAndShiftTest {
    private static final int N = 4;
    private static final int C = 3;

    /** Column values {0, 1, 2, -1} with mean 1 and inverse std 1: z = {-1, 0, 1, -2}, one z exactly 0. */
    private static float[] kinkBatch() {
        float[] x = new float[N * C];
        float[] col = {0f, 1f, 2f, -1f};
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < C; c++) {
                x[r * C + c] = col[r];
            }
        }
        return x;
    }

    private static float[] filled(int len, float v) {
        float[] a = new float[len];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void trainingBackwardTakesTheDerivativeAtZeroFromTheLeft() {
        for (Activation act : new Activation[] {Activation.RELU, Activation.LEAKY_RELU}) {
            float slope = 0.25f;
            float[] sumDzXhat = new float[C];
            float[] sumDz = new float[C];
            BatchNorm.backwardTraining(
                    kinkBatch(),
                    0,
                    N,
                    C,
                    C,
                    filled(C, 1f),
                    filled(C, 1f),
                    act,
                    slope,
                    filled(N * C, 1f),
                    0,
                    C,
                    new float[N * C],
                    0,
                    C,
                    sumDzXhat,
                    sumDz);
            // act'(z) for z = {-1, 0, 1, -2}: RELU {0, 0, 1, 0}; LEAKY {s, s, 1, s}
            float expected = act == Activation.RELU ? 1f : 1f + 3 * slope;
            float expectedXhat = act == Activation.RELU ? 1f : 1f + slope * (-1f + 0f - 2f);
            for (int c = 0; c < C; c++) {
                assertEquals(expected, sumDz[c], 1e-6f, act + " sumDz column " + c);
                assertEquals(expectedXhat, sumDzXhat[c], 1e-6f, act + " sumDzXhat column " + c);
            }
        }
    }

    @Test
    void inferenceBackwardTakesTheDerivativeAtZeroFromTheLeft() {
        for (Activation act : new Activation[] {Activation.RELU, Activation.LEAKY_RELU}) {
            float slope = 0.25f;
            float[] dx = new float[N * C];
            // running variance 1 - eps' so that 1/sqrt(var + eps) is ~1; z = x - 1 exactly for x = 1
            BatchNorm.backwardInference(
                    kinkBatch(),
                    0,
                    N,
                    C,
                    C,
                    filled(C, 1f),
                    filled(C, 1f),
                    1e-5f,
                    act,
                    slope,
                    filled(N * C, 1f),
                    0,
                    C,
                    dx,
                    0,
                    C);
            float inv = (float) (1 / Math.sqrt(1.0 + 1e-5));
            for (int c = 0; c < C; c++) {
                float atZero = dx[C + c];
                float positive = dx[2 * C + c];
                assertEquals(inv, positive, 1e-6f);
                assertEquals(act == Activation.RELU ? 0f : slope * inv, atZero, 1e-6f, act + " at z = 0");
            }
        }
    }

    /**
     * x = 3e7 + 2 * (i % 8): integers exactly representable in float, variance exactly 21. Their squares (~9e14)
     * are exact in double but their sum over 4096 rows is not; the mean of the first rows as shift makes every term
     * small and exact.
     */
    @Test
    void varianceFarFromZeroUsesTheShift() {
        int n = 4096;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3e7f + 2 * (i % 8);
        }
        float[] out = new float[2];
        Reductions.meanVariance(x, 0, n, out, 0);
        assertEquals(3e7 + 7, out[0], 2.0);
        assertTrue(Math.abs(out[1] - 21.0) <= 1e-4 * 21, "variance " + out[1] + " vs 21");
        int cols = 3;
        float[] b = new float[n * cols];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < cols; c++) {
                b[r * cols + c] = 3e7f + 2 * ((r + c) % 8);
            }
        }
        float[] mean = new float[cols];
        float[] var = new float[cols];
        Reductions.columnMeanVariance(b, 0, n, cols, cols, mean, 0, var, 0);
        for (int c = 0; c < cols; c++) {
            assertTrue(Math.abs(var[c] - 21.0) <= 1e-4 * 21, "column " + c + " variance " + var[c] + " vs 21");
        }
    }
}
