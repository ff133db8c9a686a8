package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.ScalarOptimizers;
import org.simdnn.testkit.Qt;

/**
 * SGD (momentum, Nesterov, weight decay) and Adam/AdamW against a double-precision oracle of the PyTorch formulas
 * written here; one step within the bound documented in {@link Optimizers}, several steps within the accumulated
 * bound; bit-identity with the scalar twin; hyper-parameter and range checks.
 */
class OptimizersTest {
    private static final double U = 0x1p-24;

    // ---------------------------------------------------------------- double oracle (PyTorch formulas)

    /** One SGD step on double state; returns the absolute size of the update direction for the error bound. */
    static double[] oracleSgd(double lr, double mu, double wd, boolean nesterov, double p, double g, double v) {
        double gp = g + wd * p;
        double vn = mu * v + gp;
        double d = nesterov ? gp + mu * vn : vn;
        double absGp = Math.abs(g) + wd * Math.abs(p);
        double absV = mu * Math.abs(v) + absGp;
        double absD = nesterov ? absGp + mu * absV : absV;
        return new double[] {p - lr * d, vn, absD, absV};
    }

    static double[] oracleAdam(
            double lr,
            double b1,
            double b2,
            double eps,
            double wd,
            boolean decoupled,
            long t,
            double p,
            double g,
            double m,
            double v) {
        if (decoupled) {
            p = p * (1 - lr * wd);
        } else {
            g = g + wd * p;
        }
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        double mhat = m / (1 - Math.pow(b1, t));
        double vhat = v / (1 - Math.pow(b2, t));
        double d = mhat / (Math.sqrt(vhat) + eps);
        return new double[] {p - lr * d, m, v, Math.abs(d)};
    }

    // ---------------------------------------------------------------- SGD

    @Test
    void sgdOneStepSweepsEveryLengthOffsetAndVariant() {
        SplittableRandom r = Qt.random(11);
        for (int len = 0; len <= Sweep.maxLength(); len++) {
            for (int off = 0; off <= Sweep.maxOffset(); off += 1 + len % 3) {
                for (int variant = 0; variant < 4; variant++) {
                    boolean nesterov = (variant & 1) != 0;
                    float wd = (variant & 2) != 0 ? 0.01f : 0f;
                    checkSgd(r, new Optimizers.Sgd(0.1f, 0.9f, wd, nesterov), len, off, 1);
                }
            }
        }
    }

    @Test
    void sgdSeveralStepsOnRandomShapesMatchTheOracle() {
        Qt.qt()
                .forAll(
                        integers().between(0, 3000),
                        floats().between(0f, 1f),
                        floats().between(0f, 0.99f),
                        longs().all())
                .checkAssert((len, lr, mu, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    boolean nesterov = r.nextBoolean();
                    float wd = r.nextBoolean() ? 0f : (float) r.nextDouble(0, 0.1);
                    checkSgd(r, new Optimizers.Sgd(lr, mu, wd, nesterov), len, r.nextInt(5), 1 + r.nextInt(5));
                });
    }

    static void checkSgd(SplittableRandom r, Optimizers.Sgd h, int len, int off, int steps) {
        float[] p = Sweep.embed(Sweep.uniform(r, len, -2, 2), off, 3);
        float[] v = Sweep.embed(new float[len], off + 1, 2);
        double[] pd = new double[len];
        double[] vd = new double[len];
        double[] errP = new double[len];
        double[] errV = new double[len];
        for (int i = 0; i < len; i++) {
            pd[i] = p[off + i];
        }
        float[] twinP = p.clone();
        float[] twinV = v.clone();
        ScalarOptimizers twin = new ScalarOptimizers();
        for (int s = 0; s < steps; s++) {
            float[] g = Sweep.embed(Sweep.uniform(r, len, -1, 1), 2, 1);
            Optimizers.sgd(h, p, off, g, 2, v, off + 1, len);
            twin.sgd(h.lr(), h.momentum(), h.weightDecay(), h.nesterov(), twinP, off, g, 2, twinV, off + 1, len);
            for (int i = 0; i < len; i++) {
                double[] o = oracleSgd(h.lr(), h.momentum(), h.weightDecay(), h.nesterov(), pd[i], g[2 + i], vd[i]);
                // Per-step bound from the Javadoc plus the propagation of earlier errors through p and v.
                errV[i] = h.momentum() * errV[i] + h.weightDecay() * errP[i] + 3 * U * o[3];
                errP[i] = errP[i] + h.lr() * (1 + h.momentum()) * errV[i] + 4 * U * (Math.abs(o[0]) + h.lr() * o[2]);
                pd[i] = o[0];
                vd[i] = o[1];
                int ii = i;
                int ss = s;
                assertEquals(vd[i], v[off + 1 + i], errV[i] + 1e-30, () -> "v[" + ii + "] step " + ss + " " + h);
                assertEquals(pd[i], p[off + i], errP[i] + 1e-30, () -> "p[" + ii + "] step " + ss + " " + h);
            }
        }
        assertArrayEquals(twinP, p, "param: both backends run the same float operations");
        assertArrayEquals(twinV, v, "velocity: both backends run the same float operations");
        for (int i = 0; i < off; i++) {
            assertTrue(Float.isNaN(p[i]), "guard before param written");
        }
        for (int i = off + len; i < p.length; i++) {
            assertTrue(Float.isNaN(p[i]), "guard after param written");
        }
    }

    @Test
    void sgdVariantsDifferAsPyTorchSays() {
        float[] g = {1f, -2f};
        // First step from v = 0: v = g', plain p -= lr g', Nesterov p -= lr (1 + mu) g'.
        float[] plain = {1f, 1f};
        float[] nest = {1f, 1f};
        float[] decayed = {1f, 1f};
        Optimizers.sgd(Optimizers.Sgd.of(0.5f, 0.5f), plain, 0, g, 0, new float[2], 0, 2);
        Optimizers.sgd(new Optimizers.Sgd(0.5f, 0.5f, 0f, true), nest, 0, g, 0, new float[2], 0, 2);
        float[] v = new float[2];
        Optimizers.sgd(new Optimizers.Sgd(0.5f, 0.5f, 0.25f, false), decayed, 0, g, 0, v, 0, 2);
        assertArrayEquals(new float[] {0.5f, 2f}, plain);
        assertArrayEquals(new float[] {0.25f, 2.5f}, nest);
        assertArrayEquals(new float[] {1.25f, -1.75f}, v);
        assertArrayEquals(new float[] {1f - 0.625f, 1f + 0.875f}, decayed);
    }

    // ---------------------------------------------------------------- Adam / AdamW

    @Test
    void adamOneStepSweepsEveryLengthOffsetAndVariant() {
        SplittableRandom r = Qt.random(12);
        for (int len = 0; len <= Sweep.maxLength(); len++) {
            for (int off = 0; off <= Sweep.maxOffset(); off += 1 + len % 3) {
                for (int variant = 0; variant < 4; variant++) {
                    boolean decoupled = (variant & 1) != 0;
                    float wd = (variant & 2) != 0 ? 0.05f : 0f;
                    checkAdam(r, new Optimizers.Adam(1e-3f, 0.9f, 0.999f, 1e-8f, wd, decoupled), len, off, 1);
                }
            }
        }
    }

    @Test
    void adamSeveralStepsOnRandomShapesMatchTheOracle() {
        Qt.qt()
                .forAll(
                        integers().between(0, 3000),
                        floats().between(0f, 0.1f),
                        floats().between(0f, 0.99f),
                        longs().all())
                .checkAssert((len, lr, b1, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    boolean decoupled = r.nextBoolean();
                    float b2 = (float) r.nextDouble(0.5, 0.9999);
                    float eps = (float) Math.pow(10, -r.nextInt(3, 9));
                    float wd = r.nextBoolean() ? 0f : (float) r.nextDouble(0, 0.1);
                    checkAdam(
                            r,
                            new Optimizers.Adam(lr, b1, b2, eps, wd, decoupled),
                            len,
                            r.nextInt(5),
                            1 + r.nextInt(5));
                });
    }

    static void checkAdam(SplittableRandom r, Optimizers.Adam h, int len, int off, int steps) {
        float[] p = Sweep.embed(Sweep.uniform(r, len, -2, 2), off, 3);
        float[] m = new float[len + 1];
        float[] v = new float[len + 2];
        double[] pd = new double[len];
        double[] md = new double[len];
        double[] vd = new double[len];
        for (int i = 0; i < len; i++) {
            pd[i] = p[off + i];
        }
        float[] twinP = p.clone();
        float[] twinM = m.clone();
        float[] twinV = v.clone();
        ScalarOptimizers twin = new ScalarOptimizers();
        double maxAbsP = 2;
        for (int s = 1; s <= steps; s++) {
            float[] g = Sweep.embed(Sweep.uniform(r, len, -1, 1), 1, 1);
            Optimizers.adam(h, s, p, off, g, 1, m, 1, v, 2, len);
            double bc1 = 1 - Math.pow(h.beta1(), s);
            double bc2 = 1 - Math.pow(h.beta2(), s);
            twin.adam(
                    h.decoupled() ? (float) (1 - (double) h.lr() * h.weightDecay()) : 1f,
                    h.decoupled() ? 0f : h.weightDecay(),
                    h.beta1(),
                    h.beta2(),
                    (float) (h.lr() / bc1),
                    (float) (1 / Math.sqrt(bc2)),
                    h.eps(),
                    twinP,
                    off,
                    g,
                    1,
                    twinM,
                    1,
                    twinV,
                    2,
                    len);
            for (int i = 0; i < len; i++) {
                double[] o = oracleAdam(
                        h.lr(),
                        h.beta1(),
                        h.beta2(),
                        h.eps(),
                        h.weightDecay(),
                        h.decoupled(),
                        s,
                        pd[i],
                        g[1 + i],
                        md[i],
                        vd[i]);
                pd[i] = o[0];
                md[i] = o[1];
                vd[i] = o[2];
                maxAbsP = Math.max(maxAbsP, Math.abs(pd[i]));
                // The direction m^/(sqrt(v^)+eps) is well conditioned (|d| <= ~1/sqrt(1-b2) scaled): its relative error
                // is a few u per step, so the parameter error grows at most linearly in the number of steps.
                double tol = s * 8 * U * (maxAbsP + h.lr() * (o[3] + 1));
                int ii = i;
                int ss = s;
                assertEquals(pd[i], p[off + i], tol, () -> "p[" + ii + "] step " + ss + " " + h);
                assertEquals(md[i], m[1 + i], s * 4 * U * 2, () -> "m[" + ii + "] step " + ss);
                assertEquals(vd[i], v[2 + i], s * 4 * U * 4, () -> "v[" + ii + "] step " + ss);
            }
        }
        assertArrayEquals(twinP, p, "param: both backends run the same float operations");
        assertArrayEquals(twinM, m);
        assertArrayEquals(twinV, v);
        assertEquals(0f, m[0]);
        assertEquals(0f, v[len + 1 < v.length ? 0 : 0]);
    }

    @Test
    void adamFirstStepIsBiasCorrectedToLrTimesSign() {
        // t = 1 from zero state: m^ = g, v^ = g^2, so p moves by lr g / (|g| + eps), i.e. almost exactly lr.
        float[] p = {1f, 1f, 1f};
        float[] g = {0.5f, -3f, 1e-3f};
        Optimizers.adam(Optimizers.Adam.adam(0.01f), 1, p, 0, g, 0, new float[3], 0, new float[3], 0, 3);
        assertEquals(0.99f, p[0], 1e-6);
        assertEquals(1.01f, p[1], 1e-6);
        assertEquals(1 - 0.01 * 1e-3 / (1e-3 + 1e-8), p[2], 1e-6);
        // Without bias correction the first step would be (1-b1)/sqrt(1-b2) ~ 3.2x smaller or larger: t matters.
        float[] q = {1f};
        Optimizers.adam(
                Optimizers.Adam.adam(0.01f), 1000, q, 0, new float[] {0.5f}, 0, new float[1], 0, new float[1], 0, 1);
        assertNotEquals(0.99f, q[0], 1e-3);
    }

    @Test
    void adamAndAdamWDifferOnlyThroughWeightDecay() {
        SplittableRandom r = Qt.random(13);
        float[] p0 = Sweep.uniform(r, 37, -1, 1);
        float[] g = Sweep.uniform(r, 37, -1, 1);
        float[] a = p0.clone();
        float[] w = p0.clone();
        Optimizers.adam(
                new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0f, false),
                1,
                a,
                0,
                g,
                0,
                new float[37],
                0,
                new float[37],
                0,
                37);
        Optimizers.adam(
                new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0f, true),
                1,
                w,
                0,
                g,
                0,
                new float[37],
                0,
                new float[37],
                0,
                37);
        assertArrayEquals(a, w, "no weight decay: Adam == AdamW");
        a = p0.clone();
        w = p0.clone();
        float[] ma = new float[37];
        float[] mw = new float[37];
        Optimizers.adam(
                new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.5f, false),
                1,
                a,
                0,
                g,
                0,
                ma,
                0,
                new float[37],
                0,
                37);
        Optimizers.adam(Optimizers.Adam.adamW(0.01f, 0.5f), 1, w, 0, g, 0, mw, 0, new float[37], 0, 37);
        for (int i = 0; i < 37; i++) {
            // Adam feeds wd p into the moments; AdamW's moments see the raw gradient.
            assertEquals((1 - 0.9f) * (g[i] + 0.5f * p0[i]), ma[i], 1e-6);
            assertEquals((1 - 0.9f) * g[i], mw[i], 1e-6);
            double gp = g[i] + 0.5 * p0[i];
            assertEquals(p0[i] - 0.01 * gp / Math.abs(gp), a[i], 1e-5);
            assertEquals(p0[i] * (1 - 0.005) - 0.01 * Math.signum(g[i]), w[i], 1e-5);
        }
    }

    @Test
    void nanGradientPoisonsOnlyItsElement() {
        float[] p = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f, 18f};
        float[] g = new float[18];
        Arrays.fill(g, 0.5f);
        g[5] = Float.NaN;
        float[] v = new float[18];
        Optimizers.sgd(Optimizers.Sgd.of(0.1f, 0.9f), p, 0, g, 0, v, 0, 18);
        float[] q = p.clone();
        Optimizers.adam(Optimizers.Adam.adam(0.1f), 1, q, 0, g, 0, new float[18], 0, new float[18], 0, 18);
        for (int i = 0; i < 18; i++) {
            assertEquals(i == 5, Float.isNaN(p[i]), "sgd element " + i);
            assertEquals(i == 5, Float.isNaN(v[i]));
            assertEquals(i == 5, Float.isNaN(q[i]), "adam element " + i);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badHyperParametersAndRangesAreRefusedClearly() {
        bad("SGD learning rate lr must be finite and >= 0, got -0.1", () -> new Optimizers.Sgd(-0.1f, 0f, 0f, false));
        bad(
                "SGD learning rate lr must be finite and >= 0, got NaN",
                () -> new Optimizers.Sgd(Float.NaN, 0f, 0f, false));
        bad("got Infinity", () -> Optimizers.Sgd.of(Float.POSITIVE_INFINITY, 0f));
        bad("SGD momentum must be in [0, 1), got 1.0", () -> Optimizers.Sgd.of(0.1f, 1f));
        bad("SGD momentum must be in [0, 1), got -0.5", () -> Optimizers.Sgd.of(0.1f, -0.5f));
        bad("SGD weightDecay must be finite and >= 0", () -> new Optimizers.Sgd(0.1f, 0f, -1f, false));
        bad("Adam beta1 must be in [0, 1), got 1.0", () -> new Optimizers.Adam(0.1f, 1f, 0.9f, 1e-8f, 0f, false));
        bad(
                "AdamW beta2 must be in [0, 1), got NaN",
                () -> new Optimizers.Adam(0.1f, 0.9f, Float.NaN, 1e-8f, 0f, true));
        bad("Adam eps must be finite and > 0, got 0.0", () -> new Optimizers.Adam(0.1f, 0.9f, 0.9f, 0f, 0f, false));
        bad("Adam learning rate lr must be finite and >= 0", () -> Optimizers.Adam.adam(-1f));
        bad("AdamW weightDecay must be finite and >= 0", () -> Optimizers.Adam.adamW(0.1f, Float.NaN));

        float[] a = new float[10];
        float[] b = new float[10];
        float[] c = new float[10];
        Optimizers.Sgd sgd = Optimizers.Sgd.of(0.1f, 0.9f);
        Optimizers.Adam adam = Optimizers.Adam.adam(0.1f);
        bad("Adam step t counts from 1", () -> Optimizers.adam(adam, 0, a, 0, b, 0, c, 0, new float[10], 0, 10));
        bad("SGD hyper-parameters h is null", () -> Optimizers.sgd(null, a, 0, b, 0, c, 0, 10));
        bad("Adam hyper-parameters h is null", () -> Optimizers.adam(null, 1, a, 0, b, 0, c, 0, c, 0, 10));
        bad("grad: needs 10 elements from offset 1", () -> Optimizers.sgd(sgd, a, 0, b, 1, c, 0, 10));
        bad("velocity is null", () -> Optimizers.sgd(sgd, a, 0, b, 0, null, 0, 10));
        bad("param: negative length -1", () -> Optimizers.sgd(sgd, a, 0, b, 0, c, 0, -1));
        bad("velocity [2, 6) and param [0, 4) overlap", () -> Optimizers.sgd(sgd, a, 0, b, 0, a, 2, 4));
        bad("grad [0, 4) and param [0, 4) overlap", () -> Optimizers.sgd(sgd, a, 0, a, 0, c, 0, 4));
        bad("v [5, 10) and m [3, 8) overlap", () -> Optimizers.adam(adam, 1, a, 0, b, 0, c, 3, c, 5, 5));
        // Disjoint ranges of one array are fine; length 0 is a no-op.
        Optimizers.sgd(sgd, a, 0, a, 3, a, 6, 3);
        Optimizers.adam(adam, 1, a, 0, b, 0, c, 0, c, 0, 0);
    }

    static void bad(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, fragment);
        assertTrue(
                e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        assertFalse(e.getMessage().isBlank());
    }
}
