package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Every backward kernel (training and inference, every activation, with and without affine parameters) against
 * central finite differences of the double-precision oracle's forward, for the loss {@code sum(w * y)} with random
 * weights w (passed as dy). Columns with a pre-activation within reach of a ReLU kink are skipped (the difference
 * quotient straddles the kink there), and the test requires that most columns were checked.
 */
class BatchNormGradientTest {
    private static double loss(
            float[] x,
            BatchNormTest.Problem p,
            boolean affine,
            Activation act,
            boolean training,
            float[] rm,
            float[] rv) {
        return new BatchNormOracle(
                        x,
                        p.n(),
                        p.c(),
                        affine ? p.gamma() : null,
                        affine ? p.beta() : null,
                        p.eps(),
                        act,
                        BatchNormTest.SLOPE,
                        training ? null : rm,
                        training ? null : rv)
                .loss(p.dy());
    }

    /** Central difference of the loss in one float parameter array element, evaluated in double. */
    private static double fd(float[] a, int i, java.util.function.DoubleSupplier f) {
        float keep = a[i];
        // A step of about 2e-6 times the scale. keep +- h is rounded to float, and is NOT exactly keep +- h when it
        // crosses a power of two (x = 0.99999 or 0.0156 just below 2^-6): divide by the perturbation actually applied,
        // or the estimate is off by up to 1e-4 relative (this was the "unexplained" disagreement of earlier runs).
        float h = (float) Math.scalb(1.0, Math.getExponent(Math.max(1f, Math.abs(keep))) - 19);
        float up = keep + h;
        float down = keep - h;
        a[i] = up;
        double fUp = f.getAsDouble();
        a[i] = down;
        double fDown = f.getAsDouble();
        a[i] = keep;
        return (fUp - fDown) / ((double) up - (double) down);
    }

    @Test
    void everyBackwardMatchesFiniteDifferencesOfTheOracleForward() {
        SplittableRandom r = Qt.random(11);
        int checked = 0;
        int skipped = 0;
        for (Activation act : Activation.values()) {
            for (boolean training : new boolean[] {true, false}) {
                for (boolean affine : new boolean[] {true, false}) {
                    for (int[] shape : new int[][] {{2, 3}, {5, 1}, {7, Sweep.lanes() + 2}}) {
                        int n = shape[0];
                        int c = shape[1];
                        BatchNormTest.Problem p = BatchNormTest.Problem.random(r, n, c, 0);
                        float[] gamma = affine ? p.gamma() : null;
                        float[] beta = affine ? p.beta() : null;
                        float[] x = p.x();
                        float[] mean = new float[c];
                        float[] invStd = new float[c];
                        float[] rm = p.rm().clone();
                        float[] rv = p.rv().clone();
                        float[] y = new float[n * c];
                        float[] dx = new float[n * c];
                        float[] dg = new float[c];
                        float[] db = new float[c];
                        if (training) {
                            if (affine) {
                                BatchNorm.forwardTraining(
                                        x,
                                        0,
                                        n,
                                        c,
                                        c,
                                        gamma,
                                        beta,
                                        p.eps(),
                                        act,
                                        BatchNormTest.SLOPE,
                                        y,
                                        0,
                                        c,
                                        mean,
                                        invStd,
                                        new float[c],
                                        new float[c],
                                        0.1f);
                                BatchNorm.backwardTraining(
                                        x,
                                        0,
                                        n,
                                        c,
                                        c,
                                        gamma,
                                        beta,
                                        mean,
                                        invStd,
                                        act,
                                        BatchNormTest.SLOPE,
                                        p.dy(),
                                        0,
                                        c,
                                        dx,
                                        0,
                                        c,
                                        dg,
                                        db);
                            } else {
                                BatchNorm.forwardTraining(
                                        x,
                                        0,
                                        n,
                                        c,
                                        c,
                                        p.eps(),
                                        act,
                                        BatchNormTest.SLOPE,
                                        y,
                                        0,
                                        c,
                                        mean,
                                        invStd,
                                        new float[c],
                                        new float[c],
                                        0.1f);
                                BatchNorm.backwardTraining(
                                        x,
                                        0,
                                        n,
                                        c,
                                        c,
                                        mean,
                                        invStd,
                                        act,
                                        BatchNormTest.SLOPE,
                                        p.dy(),
                                        0,
                                        c,
                                        dx,
                                        0,
                                        c,
                                        dg,
                                        db);
                            }
                        } else if (affine) {
                            BatchNorm.backwardInference(
                                    x,
                                    0,
                                    n,
                                    c,
                                    c,
                                    gamma,
                                    beta,
                                    rm,
                                    rv,
                                    p.eps(),
                                    act,
                                    BatchNormTest.SLOPE,
                                    p.dy(),
                                    0,
                                    c,
                                    dx,
                                    0,
                                    c,
                                    dg,
                                    db);
                        } else {
                            BatchNorm.backwardInference(
                                    x, 0, n, c, c, rm, rv, p.eps(), act, BatchNormTest.SLOPE, p.dy(), 0, c, dx, 0, c);
                        }
                        BatchNormOracle o = new BatchNormOracle(
                                x,
                                n,
                                c,
                                gamma,
                                beta,
                                p.eps(),
                                act,
                                BatchNormTest.SLOPE,
                                training ? null : rm,
                                training ? null : rv);
                        o.backward(p.dy());
                        double[][] t = o.backwardTolerances(p.dy());
                        String tag = act + (training ? " training" : " inference") + (affine ? " affine" : " plain")
                                + " n=" + n + " c=" + c + ": ";
                        java.util.function.DoubleSupplier f = () -> loss(x, p, affine, act, training, rm, rv);
                        for (int j = 0; j < c; j++) {
                            double minAbsZ = Double.MAX_VALUE;
                            for (int i = 0; i < n; i++) {
                                minAbsZ = Math.min(minAbsZ, Math.abs(o.z[i * c + j]));
                            }
                            boolean kink = act == Activation.RELU || act == Activation.LEAKY_RELU;
                            if (kink && minAbsZ < 1e-2) {
                                skipped++;
                                continue;
                            }
                            checked++;
                            for (int i = 0; i < n; i++) {
                                int k = i * c + j;
                                double g = fd(x, k, f);
                                BatchNormTest.close(
                                        tag + "dx[" + i + "][" + j + "] vs finite difference (analytic " + o.dx[k]
                                                + ", min abs z " + minAbsZ + ", var " + o.var[j] + ")",
                                        g,
                                        dx[k],
                                        t[0][k] + 1e-6 * (1 + Math.abs(g)));
                            }
                            if (affine) {
                                double gg = fd(p.gamma(), j, f);
                                BatchNormTest.close(
                                        tag + "dgamma[" + j + "] vs finite difference",
                                        gg,
                                        dg[j],
                                        t[1][j] + 1e-6 * (1 + Math.abs(gg)));
                                double gb = fd(p.beta(), j, f);
                                BatchNormTest.close(
                                        tag + "dbeta[" + j + "] vs finite difference",
                                        gb,
                                        db[j],
                                        t[2][j] + 1e-6 * (1 + Math.abs(gb)));
                            }
                        }
                    }
                }
            }
        }
        assertTrue(
                checked > 4 * skipped,
                "too many columns skipped at a ReLU kink: " + skipped + " of " + (checked + skipped));
    }
}
