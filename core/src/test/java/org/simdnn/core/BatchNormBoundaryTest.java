package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every argument check of every BatchNorm entry point at its exact limit: the shortest valid array passes, one
 * element less (or one element of overlap) is refused with an IllegalArgumentException naming the argument.
 */
class BatchNormBoundaryTest {
    private static final int N = 4;
    private static final int C = 5;

    private static float[] data(int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (i * 7 % 11) - 5f;
        }
        return a;
    }

    private static float[] ones(int len) {
        float[] a = new float[len];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private static void refused(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static void fwdTrain(float[] g, float[] sm, float[] si, float[] rm, float[] rv) throws Throwable {
        BatchNorm.forwardTraining(
                data(N * C),
                0,
                N,
                C,
                C,
                g,
                ones(C),
                1e-5f,
                Activation.RELU,
                0f,
                new float[N * C],
                0,
                C,
                sm,
                si,
                rm,
                rv,
                0.1f);
    }

    @Test
    void forwardTrainingStatisticsArraysOfExactlyCPassAndShorterAreRefused() throws Throwable {
        fwdTrain(ones(C), new float[C], new float[C], new float[C], ones(C));
        refused(() -> fwdTrain(ones(C), new float[C - 1], new float[C], new float[C], ones(C)), "saveMean");
        refused(() -> fwdTrain(ones(C), new float[C], new float[C - 1], new float[C], ones(C)), "saveInvStd");
        refused(() -> fwdTrain(ones(C), new float[C], new float[C], new float[C - 1], ones(C)), "runningMean");
        refused(() -> fwdTrain(ones(C), new float[C], new float[C], new float[C], ones(C - 1)), "runningVar");
        refused(() -> fwdTrain(ones(C - 1), new float[C], new float[C], new float[C], ones(C)), "gamma");
    }

    private static void fwdInfer(float[] g, float[] y, int yOff, float[] rm, float[] rv) {
        BatchNorm.forwardInference(
                data(N * C), 0, N, C, C, g, ones(C), rm, rv, 1e-5f, Activation.IDENTITY, 0f, y, yOff, C);
    }

    @Test
    void forwardInferenceArgumentsAtTheirLimits() {
        fwdInfer(ones(C), new float[N * C], 0, new float[C], ones(C));
        refused(() -> fwdInfer(ones(C - 1), new float[N * C], 0, new float[C], ones(C)), "gamma");
        refused(() -> fwdInfer(ones(C), new float[N * C - 1], 0, new float[C], ones(C)), "y");
        refused(() -> fwdInfer(ones(C), new float[N * C], 0, new float[C - 1], ones(C)), "runningMean");
        refused(() -> fwdInfer(ones(C), new float[N * C], 0, new float[C], ones(C - 1)), "runningVar");
        refused(
                () -> BatchNorm.forwardInference(
                        data(N * C),
                        0,
                        0,
                        C,
                        C,
                        new float[C],
                        ones(C),
                        1e-5f,
                        Activation.IDENTITY,
                        0f,
                        new float[N * C],
                        0,
                        C),
                "n (rows of x)");
        refused(
                () -> BatchNorm.forwardInference(
                        data(N * C),
                        0,
                        N,
                        0,
                        C,
                        new float[C],
                        ones(C),
                        1e-5f,
                        Activation.IDENTITY,
                        0f,
                        new float[N * C],
                        0,
                        C),
                "c (columns of x)");
        refused(
                () -> BatchNorm.forwardInference(
                        data(N * C),
                        0,
                        N,
                        C,
                        C,
                        ones(C),
                        ones(C - 1),
                        new float[C],
                        ones(C),
                        1e-5f,
                        Activation.IDENTITY,
                        0f,
                        new float[N * C],
                        0,
                        C),
                "beta");
    }

    /** x at 0 with ldx = 6 ends at 3 * 6 + 5 = 23; y (ld 5) in the same array may start exactly there. */
    @Test
    void outputInTheSameArrayMayTouchButNotOverlapTheInput() {
        for (int yOff : new int[] {23, 22}) {
            float[] a = data(23 + N * C);
            Executable call = () -> BatchNorm.forwardInference(
                    a, 0, N, C, 6, new float[C], ones(C), 1e-5f, Activation.IDENTITY, 0f, a, yOff, C);
            if (yOff == 23) {
                assertDoesNotThrow(call);
            } else {
                refused(call, "partially overlap");
            }
        }
        // y before x: y [0, 20) with ld 5, x from 20 with ld 6
        float[] a = data(20 + 23);
        assertDoesNotThrow(() -> BatchNorm.forwardInference(
                a, 20, N, C, 6, new float[C], ones(C), 1e-5f, Activation.IDENTITY, 0f, a, 0, C));
        refused(
                () -> BatchNorm.forwardInference(
                        a, 19, N, C, 6, new float[C], ones(C), 1e-5f, Activation.IDENTITY, 0f, a, 0, C),
                "partially overlap");
    }

    private static void assertDoesNotThrow(Executable e) {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(e);
    }

    private static void bwdTrain(float[] g, float[] sm, float[] si, float[] dg, float[] db) {
        BatchNorm.backwardTraining(
                data(N * C),
                0,
                N,
                C,
                C,
                g,
                ones(C),
                sm,
                si,
                Activation.RELU,
                0f,
                data(N * C),
                0,
                C,
                new float[N * C],
                0,
                C,
                dg,
                db);
    }

    @Test
    void backwardTrainingArgumentsAtTheirLimits() {
        bwdTrain(ones(C), new float[C], ones(C), new float[C], new float[C]);
        refused(() -> bwdTrain(ones(C - 1), new float[C], ones(C), new float[C], new float[C]), "gamma");
        refused(() -> bwdTrain(ones(C), new float[C - 1], ones(C), new float[C], new float[C]), "saveMean");
        refused(() -> bwdTrain(ones(C), new float[C], ones(C - 1), new float[C], new float[C]), "saveInvStd");
        BatchNorm.backwardTraining(
                data(N * C),
                0,
                N,
                C,
                C,
                new float[C],
                ones(C),
                Activation.RELU,
                0f,
                data(N * C),
                0,
                C,
                new float[N * C],
                0,
                C,
                new float[C],
                new float[C]);
        refused(
                () -> BatchNorm.backwardTraining(
                        data(N * C),
                        0,
                        N,
                        C,
                        C,
                        new float[C - 1],
                        ones(C),
                        Activation.RELU,
                        0f,
                        data(N * C),
                        0,
                        C,
                        new float[N * C],
                        0,
                        C,
                        new float[C],
                        new float[C]),
                "saveMean");
    }

    private static void bwdInfer(
            float[] g,
            float[] rm,
            float[] rv,
            Activation act,
            float[] dy,
            float[] dx,
            int dxOff,
            float[] dg,
            float[] db) {
        BatchNorm.backwardInference(
                data(N * C), 0, N, C, C, g, ones(C), rm, rv, 1e-5f, act, 0f, dy, 0, C, dx, dxOff, C, dg, db);
    }

    @Test
    void backwardInferenceArgumentsAtTheirLimits() {
        bwdInfer(
                ones(C),
                new float[C],
                ones(C),
                Activation.RELU,
                data(N * C),
                new float[N * C],
                0,
                new float[C],
                new float[C]);
        refused(
                () -> bwdInfer(
                        ones(C - 1),
                        new float[C],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C],
                        new float[C]),
                "gamma");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C - 1],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C],
                        new float[C]),
                "runningMean");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C - 1),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C],
                        new float[C]),
                "runningVar");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C),
                        null,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C],
                        new float[C]),
                "act is null");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C - 1],
                        0,
                        new float[C],
                        new float[C]),
                "dx");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C - 1],
                        new float[C]),
                "dgamma");
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        new float[C],
                        new float[C - 1]),
                "dbeta");
        float[] shared = new float[C];
        refused(
                () -> bwdInfer(
                        ones(C),
                        new float[C],
                        ones(C),
                        Activation.RELU,
                        data(N * C),
                        new float[N * C],
                        0,
                        shared,
                        shared),
                "distinct");
        // dx partially overlapping dy: refused; dx exactly after dy: fine
        float[] a = data(2 * N * C);
        bwdInfer(ones(C), new float[C], ones(C), Activation.RELU, a, a, N * C, new float[C], new float[C]);
        refused(
                () -> bwdInfer(
                        ones(C), new float[C], ones(C), Activation.RELU, a, a, N * C - 1, new float[C], new float[C]),
                "partially overlap");
    }

    @Test
    void backwardInferenceWithoutAffineChecksRunningStatistics() {
        BatchNorm.backwardInference(
                data(N * C),
                0,
                N,
                C,
                C,
                new float[C],
                ones(C),
                1e-5f,
                Activation.TANH,
                0f,
                data(N * C),
                0,
                C,
                new float[N * C],
                0,
                C);
        refused(
                () -> BatchNorm.backwardInference(
                        data(N * C),
                        0,
                        N,
                        C,
                        C,
                        new float[C],
                        ones(C - 1),
                        1e-5f,
                        Activation.TANH,
                        0f,
                        data(N * C),
                        0,
                        C,
                        new float[N * C],
                        0,
                        C),
                "runningVar");
    }

    /** dx in x's array: exactly after x (ld 6, ends at 23) is fine, one element earlier overlaps. */
    @Test
    void dxMayTouchButNotOverlapX() {
        float[] a = data(23 + N * C);
        BatchNorm.backwardInference(
                a, 0, N, C, 6, new float[C], ones(C), 1e-5f, Activation.TANH, 0f, data(N * C), 0, C, a, 23, C);
        refused(
                () -> BatchNorm.backwardInference(
                        a, 0, N, C, 6, new float[C], ones(C), 1e-5f, Activation.TANH, 0f, data(N * C), 0, C, a, 22, C),
                "overlaps x");
        float[] b = data(20 + 23);
        BatchNorm.backwardInference(
                b, 20, N, C, 6, new float[C], ones(C), 1e-5f, Activation.TANH, 0f, data(N * C), 0, C, b, 0, C);
        refused(
                () -> BatchNorm.backwardInference(
                        b, 19, N, C, 6, new float[C], ones(C), 1e-5f, Activation.TANH, 0f, data(N * C), 0, C, b, 0, C),
                "overlaps x");
    }
}
