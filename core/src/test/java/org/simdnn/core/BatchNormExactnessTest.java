package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * The normalize step {@code z = (x - mean) * gamma * invStd + beta} against its float statistics: a zero-variance
 * column gives {@code act(beta)} exactly (training and inference, any distance from zero), the backward passes see
 * the same z as the forward (a ReLU at z = 0 passes no gradient), and data far from zero keeps the documented
 * {@code 6u|gamma*xhat| + u|beta|} instead of an error proportional to the mean.
 */
class BatchNormExactnessTest {
    private static final double U = 0x1p-24;
    private static final float EPS = BatchNorm.DEFAULT_EPS;

    private static final float[] VALUES = {
        0f, 1f, -1.5f, 1e4f, 1e5f, 3e7f, -3e7f, 1e20f, 1e30f, 3e38f, -Float.MAX_VALUE, 1e-30f, Float.MIN_VALUE
    };
    private static final int[] ROWS = {2, 3, 8, 33, 300};
    /** More columns than the widest vector, with a tail. */
    private static final int COLS = 37;

    private static float[] constantBatch(int n, float[] colValue) {
        float[] x = new float[n * COLS];
        for (int r = 0; r < n; r++) {
            System.arraycopy(colValue, 0, x, r * COLS, COLS);
        }
        return x;
    }

    private static double act(Activation a, float slope, double z) {
        return switch (a) {
            case IDENTITY -> z;
            case RELU -> Math.max(0, z);
            case LEAKY_RELU -> z > 0 ? z : slope * z;
            case TANH -> Math.tanh(z);
            case LECUN_TANH -> 1.7159 * Math.tanh(2 * z / 3);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    /** The activation's own error: exact for the piecewise-linear ones (one rounding for leaky), 1e-6 otherwise. */
    private static double actTol(Activation a, double y) {
        return switch (a) {
            case IDENTITY, RELU -> 0;
            case LEAKY_RELU -> U * Math.abs(y);
            default -> 1e-6;
        };
    }

    @Test
    void aZeroVarianceColumnGivesTheActivationOfBetaExactly() {
        SplittableRandom rnd = Qt.random(91);
        for (Activation a : Activation.values()) {
            float slope = 0.1f;
            for (int n : ROWS) {
                float[] colValue = new float[COLS];
                float[] gamma = new float[COLS];
                float[] beta = new float[COLS];
                for (int j = 0; j < COLS; j++) {
                    colValue[j] = VALUES[(j + n) % VALUES.length];
                    gamma[j] = j % 3 == 0 ? 1f : (float) rnd.nextDouble(0.5, 2);
                    beta[j] = j % 3 == 0 ? 0.25f : (float) rnd.nextDouble(-1, 1);
                }
                float[] x = constantBatch(n, colValue);
                float[] y = new float[x.length];
                float[] mean = new float[COLS];
                float[] inv = new float[COLS];
                float[] rm = new float[COLS];
                float[] rv = new float[COLS];
                java.util.Arrays.fill(rv, 1f);
                BatchNorm.forwardTraining(
                        x, 0, n, COLS, COLS, gamma, beta, EPS, a, slope, y, 0, COLS, mean, inv, rm, rv, 0.1f);
                // inference with the running mean at the column's value and any running variance
                float[] yi = new float[x.length];
                float[] var = new float[COLS];
                for (int j = 0; j < COLS; j++) {
                    var[j] = (float) rnd.nextDouble(0, 4);
                }
                BatchNorm.forwardInference(x, 0, n, COLS, COLS, gamma, beta, colValue, var, EPS, a, slope, yi, 0, COLS);
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < COLS; j++) {
                        int i = r * COLS + j;
                        double expected = act(a, slope, beta[j]);
                        double tol = actTol(a, expected);
                        String ctx =
                                a + ", " + n + " rows of " + colValue[j] + ", gamma " + gamma[j] + ", beta " + beta[j];
                        assertEquals(colValue[j], mean[j], "mean of " + ctx);
                        assertTrue(
                                Math.abs(y[i] - expected) <= tol, "training " + ctx + ": " + y[i] + " vs " + expected);
                        assertTrue(
                                Math.abs(yi[i] - expected) <= tol,
                                "inference " + ctx + ": " + yi[i] + " vs " + expected);
                    }
                }
            }
        }
    }

    @Test
    void theBackwardPassesSeeTheForwardsZ() {
        // beta = 0: z is exactly 0 on a constant column, where ReLU (and its derivative) is 0; a z rounded to a
        // small positive value would let dy through into dbeta and dx.
        for (int n : ROWS) {
            float[] colValue = new float[COLS];
            float[] gamma = new float[COLS];
            for (int j = 0; j < COLS; j++) {
                colValue[j] = VALUES[(j + n) % VALUES.length];
                gamma[j] = 1f + j / 16f;
            }
            float[] beta = new float[COLS];
            float[] x = constantBatch(n, colValue);
            float[] y = new float[x.length];
            float[] mean = new float[COLS];
            float[] inv = new float[COLS];
            float[] rm = new float[COLS];
            float[] rv = new float[COLS];
            BatchNorm.forwardTraining(
                    x, 0, n, COLS, COLS, gamma, beta, EPS, Activation.RELU, 0f, y, 0, COLS, mean, inv, rm, rv, 0.1f);
            float[] dy = new float[x.length];
            SplittableRandom rnd = Qt.random(92 + n);
            for (int i = 0; i < dy.length; i++) {
                dy[i] = (float) rnd.nextDouble(0.5, 1);
            }
            float[] dx = new float[x.length];
            float[] dgamma = new float[COLS];
            float[] dbeta = new float[COLS];
            BatchNorm.backwardTraining(
                    x,
                    0,
                    n,
                    COLS,
                    COLS,
                    gamma,
                    beta,
                    mean,
                    inv,
                    Activation.RELU,
                    0f,
                    dy,
                    0,
                    COLS,
                    dx,
                    0,
                    COLS,
                    dgamma,
                    dbeta);
            float[] dxi = new float[x.length];
            float[] dgi = new float[COLS];
            float[] dbi = new float[COLS];
            float[] var = new float[COLS];
            java.util.Arrays.fill(var, 1f);
            BatchNorm.backwardInference(
                    x,
                    0,
                    n,
                    COLS,
                    COLS,
                    gamma,
                    beta,
                    colValue,
                    var,
                    EPS,
                    Activation.RELU,
                    0f,
                    dy,
                    0,
                    COLS,
                    dxi,
                    0,
                    COLS,
                    dgi,
                    dbi);
            for (int j = 0; j < COLS; j++) {
                String ctx = n + " rows of " + colValue[j];
                assertEquals(0f, y[j], "forward " + ctx);
                assertEquals(0f, dbeta[j], "training dbeta " + ctx);
                assertEquals(0f, dgamma[j], "training dgamma " + ctx);
                assertEquals(0f, dbi[j], "inference dbeta " + ctx);
                for (int r = 0; r < n; r++) {
                    assertEquals(0f, dx[r * COLS + j], "training dx " + ctx);
                    assertEquals(0f, dxi[r * COLS + j], "inference dx " + ctx);
                }
            }
        }
    }

    @Test
    void dataFarFromZeroKeepsTheKernelBound() {
        SplittableRandom rnd = Qt.random(93);
        for (double center : new double[] {0, 1e4, 1e5, 3e7, -1e9, 1e20}) {
            for (int n : ROWS) {
                float[] x = new float[n * COLS];
                double sd = center == 0 ? 1 : Math.abs(center) * 1e-5;
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (center + sd * Sweep.gauss(rnd));
                }
                float[] gamma = new float[COLS];
                float[] beta = new float[COLS];
                for (int j = 0; j < COLS; j++) {
                    gamma[j] = (float) rnd.nextDouble(0.5, 2);
                    beta[j] = (float) rnd.nextDouble(-1, 1);
                }
                float[] y = new float[x.length];
                float[] mean = new float[COLS];
                float[] inv = new float[COLS];
                float[] rm = new float[COLS];
                float[] rv = new float[COLS];
                BatchNorm.forwardTraining(
                        x,
                        0,
                        n,
                        COLS,
                        COLS,
                        gamma,
                        beta,
                        EPS,
                        Activation.IDENTITY,
                        0f,
                        y,
                        0,
                        COLS,
                        mean,
                        inv,
                        rm,
                        rv,
                        0.1f);
                float[] yi = new float[x.length];
                BatchNorm.forwardInference(
                        x, 0, n, COLS, COLS, gamma, beta, mean, rv, EPS, Activation.IDENTITY, 0f, yi, 0, COLS);
                for (int i = 0; i < x.length; i++) {
                    int j = i % COLS;
                    double gx = gamma[j] * ((double) x[i] - mean[j]) * inv[j];
                    double tol = 6 * U * Math.abs(gx) + U * Math.abs(beta[j]);
                    String ctx = "center " + center + ", " + n + " rows, element " + i;
                    assertTrue(
                            Math.abs(y[i] - (gx + beta[j])) <= tol,
                            "training " + ctx + ": " + y[i] + " vs " + (gx + beta[j]) + " (bound " + tol + ")");
                    double gxi = gamma[j] * ((double) x[i] - mean[j]) / Math.sqrt((double) rv[j] + EPS);
                    double toli = 6 * U * Math.abs(gxi) + U * Math.abs(beta[j]);
                    assertTrue(
                            Math.abs(yi[i] - (gxi + beta[j])) <= toli,
                            "inference " + ctx + ": " + yi[i] + " vs " + (gxi + beta[j]) + " (bound " + toli + ")");
                }
            }
        }
    }
}
