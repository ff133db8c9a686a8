package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments: IllegalArgumentException naming the arrays and shapes, and nothing written. */
class BatchNormArgumentsTest {
    private static final int N = 4;
    private static final int C = 5;

    private final float[] x = new float[N * C];
    private final float[] y = new float[N * C];
    private final float[] g = new float[C];
    private final float[] b = new float[C];
    private final float[] mean = new float[C];
    private final float[] inv = new float[C];
    private final float[] rm = new float[C];
    private final float[] rv = {1, 1, 1, 1, 1};

    {
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 7;
        }
    }

    private static void refused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    private void train(float[] xx, int n, int c, float[] gg, float[] yy, float eps, float momentum) {
        BatchNorm.forwardTraining(
                xx, 0, n, c, c, gg, b, eps, Activation.RELU, 0f, yy, 0, c, mean, inv, rm, rv, momentum);
    }

    @Test
    void mismatchedShapesNameBothSides() {
        refused(() -> train(x, N, C, new float[3], y, 1e-5f, 0.1f), "gamma", "length 3", "x (4 x 5)", "5");
        refused(() -> train(x, N, C, g, new float[10], 1e-5f, 0.1f), "y", "x (4 x 5)", "10");
        refused(
                () -> BatchNorm.forwardInference(
                        x, 0, N, C, C, g, b, new float[2], rv, 1e-5f, Activation.RELU, 0f, y, 0, C),
                "runningMean",
                "x (4 x 5)");
        refused(
                () -> BatchNorm.backwardTraining(
                        x,
                        0,
                        N,
                        C,
                        C,
                        g,
                        b,
                        mean,
                        inv,
                        Activation.RELU,
                        0f,
                        new float[7],
                        0,
                        C,
                        y,
                        0,
                        C,
                        new float[C],
                        new float[C]),
                "dy",
                "x (4 x 5)");
        refused(
                () -> BatchNorm.backwardTraining(
                        x,
                        0,
                        N,
                        C,
                        C,
                        g,
                        b,
                        mean,
                        inv,
                        Activation.RELU,
                        0f,
                        y,
                        0,
                        C,
                        new float[N * C],
                        0,
                        C,
                        new float[C],
                        new float[1]),
                "dbeta",
                "x (4 x 5)");
        refused(
                () -> BatchNorm.backwardTraining(
                        x,
                        0,
                        N,
                        C,
                        C,
                        mean,
                        inv,
                        Activation.RELU,
                        0f,
                        y,
                        0,
                        C,
                        new float[N * C],
                        0,
                        C,
                        new float[2],
                        new float[C]),
                "sumDzXhat",
                "x (4 x 5)");
    }

    @Test
    void shortNullAndNegativeArguments() {
        refused(() -> train(new float[N * C - 1], N, C, g, y, 1e-5f, 0.1f), "x", "4 x 5");
        refused(() -> train(null, N, C, g, y, 1e-5f, 0.1f), "x", "null");
        refused(() -> train(x, N, C, null, y, 1e-5f, 0.1f), "gamma", "null");
        refused(
                () -> BatchNorm.forwardTraining(
                        x, 0, N, C, 4, g, b, 1e-5f, Activation.RELU, 0f, y, 0, C, mean, inv, rm, rv, 0.1f),
                "leading dimension 4");
        refused(
                () -> BatchNorm.forwardTraining(
                        x, -1, N, C, C, g, b, 1e-5f, Activation.RELU, 0f, y, 0, C, mean, inv, rm, rv, 0.1f),
                "negative offset");
        refused(() -> BatchNorm.forwardInference(x, 0, N, C, C, g, b, rm, rv, 1e-5f, null, 0f, y, 0, C), "act");
        refused(
                () -> BatchNorm.forwardTraining(
                        x, 0, N, C, C, g, b, 1e-5f, Activation.LEAKY_RELU, Float.NaN, y, 0, C, mean, inv, rm, rv, 0.1f),
                "slope");
    }

    @Test
    void emptyBatchesAreRefused() {
        refused(() -> train(x, 0, C, g, y, 1e-5f, 0.1f), "n", "0");
        refused(() -> train(x, N, 0, g, y, 1e-5f, 0.1f), "c", "0");
        refused(() -> train(x, -3, C, g, y, 1e-5f, 0.1f), "n", "-3");
        refused(() -> BatchNorm.forwardInference(x, 0, 0, C, C, rm, rv, 1e-5f, Activation.IDENTITY, 0f, y, 0, C), "n");
        refused(
                () -> BatchNorm.backwardInference(
                        x, 0, 0, C, C, rm, rv, 1e-5f, Activation.IDENTITY, 0f, y, 0, C, new float[N * C], 0, C),
                "n");
    }

    @Test
    void epsAndMomentumAreValidated() {
        for (float eps : new float[] {0f, -1e-5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            refused(() -> train(x, N, C, g, y, eps, 0.1f), "eps");
            refused(
                    () -> BatchNorm.backwardInference(
                            x, 0, N, C, C, rm, rv, eps, Activation.IDENTITY, 0f, y, 0, C, new float[N * C], 0, C),
                    "eps");
        }
        for (float m : new float[] {-0.01f, 1.01f, Float.NaN}) {
            refused(() -> train(x, N, C, g, y, 1e-5f, m), "momentum", "[0, 1]");
        }
    }

    @Test
    void partialOverlapIsRefusedAndNothingIsWritten() {
        float[] buf = new float[N * C + 3];
        float[] before = buf.clone();
        float[] rmBefore = rm.clone();
        refused(
                () -> BatchNorm.forwardTraining(
                        buf, 0, N, C, C, g, b, 1e-5f, Activation.RELU, 0f, buf, 3, C, mean, inv, rm, rv, 0.1f),
                "partially overlap");
        assertArrayEquals(before, buf);
        assertArrayEquals(rmBefore, rm);
        refused(
                () -> BatchNorm.backwardTraining(
                        x,
                        0,
                        N,
                        C,
                        C,
                        g,
                        b,
                        mean,
                        inv,
                        Activation.RELU,
                        0f,
                        y,
                        0,
                        C,
                        x,
                        0,
                        C,
                        new float[C],
                        new float[C]),
                "overlaps x");
    }

    @Test
    void perFeatureOutputsMustBeDistinct() {
        refused(
                () -> BatchNorm.forwardTraining(
                        x, 0, N, C, C, g, b, 1e-5f, Activation.RELU, 0f, y, 0, C, mean, mean, rm, rv, 0.1f),
                "saveMean",
                "saveInvStd",
                "distinct");
        float[] d = new float[C];
        refused(
                () -> BatchNorm.backwardTraining(
                        x, 0, N, C, C, g, b, mean, inv, Activation.RELU, 0f, y, 0, C, new float[N * C], 0, C, d, d),
                "dgamma",
                "dbeta",
                "distinct");
    }
}
