package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Fused batch normalization against the double-precision {@link BatchNormOracle}, with the per-element bounds
 * documented on {@link BatchNorm}: deterministic small shapes first, then random shapes, then invariants, running
 * statistics, special values and aliasing.
 */
class BatchNormTest {
    static final float PAD = 777f;
    static final double U = BatchNormOracle.U;
    static final Activation[] ACTS = Activation.values();
    static final float SLOPE = 0.07f;

    /** Offsets and leading dimensions of x, of y and dx, and of dy. */
    record Layout(int xOff, int ldx, int yOff, int ldy, int dyOff, int lddy) {
        static Layout varied(int c, int salt) {
            int s = Math.floorMod(salt, 1 << 20);
            return new Layout(s % 3, c + s % 2, (s / 3) % 4, c + (s / 2) % 3, (s / 5) % 5, c + (s / 7) % 4);
        }
    }

    /** One problem: data and parameters, packed. */
    record Problem(
            int n,
            int c,
            float[] x,
            float[] gamma,
            float[] beta,
            float[] rm,
            float[] rv,
            float[] dy,
            float eps,
            float momentum) {
        static Problem random(SplittableRandom r, int n, int c, double center) {
            float[] x = new float[n * c];
            for (int j = 0; j < c; j++) {
                double m = center + r.nextDouble(-3, 3);
                double sd = r.nextDouble(0.5, 2);
                for (int i = 0; i < n; i++) {
                    x[i * c + j] = (float) (m + sd * Sweep.gauss(r));
                }
            }
            return new Problem(
                    n,
                    c,
                    x,
                    Sweep.uniform(r, c, -2, 2),
                    Sweep.uniform(r, c, -1, 1),
                    Sweep.uniform(r, c, -1, 1),
                    Sweep.uniform(r, c, 0.5, 2),
                    Sweep.uniform(r, n * c, -1, 1),
                    BatchNorm.DEFAULT_EPS,
                    BatchNorm.DEFAULT_MOMENTUM);
        }
    }

    static float[] embed(float[] packed, int n, int c, int off, int ld, float pad) {
        float[] a = new float[off + (n - 1) * ld + c + 3];
        Arrays.fill(a, pad);
        for (int r = 0; r < n; r++) {
            System.arraycopy(packed, r * c, a, off + r * ld, c);
        }
        return a;
    }

    static float[] padded(int n, int c, int off, int ld) {
        float[] a = new float[off + (n - 1) * ld + c + 3];
        Arrays.fill(a, PAD);
        return a;
    }

    static float[] extract(float[] a, int off, int ld, int n, int c) {
        float[] p = new float[n * c];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a, off + r * ld, p, r * c, c);
        }
        return p;
    }

    /** Every cell outside the matrix still holds PAD. */
    static void assertPadding(String name, float[] a, int off, int ld, int n, int c) {
        for (int i = 0; i < a.length; i++) {
            int rel = i - off;
            boolean inside = rel >= 0 && rel / ld < n && rel % ld < c;
            if (!inside && a[i] != PAD) {
                fail(name + ": element " + i + " outside the " + n + " x " + c + " matrix (offset " + off + ", ld " + ld
                        + ") was written: " + a[i]);
            }
        }
    }

    static float[] perFeature(int c) {
        float[] a = new float[c + 2];
        Arrays.fill(a, PAD);
        return a;
    }

    static void close(String what, double expected, double actual, double tol) {
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": expected " + expected + " got " + actual + " (error " + Math.abs(actual - expected)
                    + " > bound " + tol + ")");
        }
    }

    /**
     * Runs the four kernels on one problem and checks every output against the oracle: training forward (y, saved
     * statistics, running statistics), training backward, then inference forward and backward from the updated
     * running statistics.
     */
    static void checkAll(Problem p, Activation act, boolean affine, Layout l) {
        int n = p.n();
        int c = p.c();
        String tag = "n=" + n + " c=" + c + " " + act + (affine ? " affine" : " plain") + " " + l + ": ";
        float[] gamma = affine ? p.gamma() : null;
        float[] beta = affine ? p.beta() : null;
        float[] xb = embed(p.x(), n, c, l.xOff(), l.ldx(), Float.NaN);
        float[] yb = padded(n, c, l.yOff(), l.ldy());
        float[] mean = perFeature(c);
        float[] invStd = perFeature(c);
        float[] rm = Arrays.copyOf(p.rm(), c);
        float[] rv = Arrays.copyOf(p.rv(), c);
        if (affine) {
            BatchNorm.forwardTraining(
                    xb,
                    l.xOff(),
                    n,
                    c,
                    l.ldx(),
                    gamma,
                    beta,
                    p.eps(),
                    act,
                    SLOPE,
                    yb,
                    l.yOff(),
                    l.ldy(),
                    mean,
                    invStd,
                    rm,
                    rv,
                    p.momentum());
        } else {
            BatchNorm.forwardTraining(
                    xb,
                    l.xOff(),
                    n,
                    c,
                    l.ldx(),
                    p.eps(),
                    act,
                    SLOPE,
                    yb,
                    l.yOff(),
                    l.ldy(),
                    mean,
                    invStd,
                    rm,
                    rv,
                    p.momentum());
        }
        assertPadding(tag + "y", yb, l.yOff(), l.ldy(), n, c);
        assertEquals(PAD, mean[c]);
        assertEquals(PAD, invStd[c]);
        BatchNormOracle o = new BatchNormOracle(p.x(), n, c, gamma, beta, p.eps(), act, SLOPE, null, null);
        float[] y = extract(yb, l.yOff(), l.ldy(), n, c);
        for (int i = 0; i < n * c; i++) {
            close(tag + "training y[" + i / c + "][" + i % c + "]", o.y[i], y[i], o.tolY(i));
        }
        double m = p.momentum();
        for (int j = 0; j < c; j++) {
            double sd = Math.sqrt(o.var[j]);
            close(tag + "mean[" + j + "]", o.mu[j], mean[j], o.statRel() * sd + 2 * U * Math.abs(o.mu[j]));
            close(tag + "invStd[" + j + "]", o.inv[j], invStd[j], o.inv[j] * (o.statRel() + 4 * U));
            double eRm = (1 - m) * p.rm()[j] + m * o.mu[j];
            double unbiased = o.var[j] * n / (n - 1);
            double eRv = (1 - m) * p.rv()[j] + m * unbiased;
            close(
                    tag + "runningMean[" + j + "]",
                    eRm,
                    rm[j],
                    2 * U * Math.abs(eRm) + m * (o.statRel() * sd + 2 * U * Math.abs(o.mu[j])));
            close(
                    tag + "runningVar[" + j + "]",
                    eRv,
                    rv[j],
                    2 * U * Math.abs(eRv) + m * unbiased * (2 * o.statRel() + 2 * U));
        }

        // training backward
        float[] dyb = embed(p.dy(), n, c, l.dyOff(), l.lddy(), Float.NaN);
        float[] dxb = padded(n, c, l.yOff(), l.ldy());
        float[] dg = perFeature(c);
        float[] db = perFeature(c);
        if (affine) {
            BatchNorm.backwardTraining(
                    xb, l.xOff(), n, c, l.ldx(), gamma, beta, mean, invStd, act, SLOPE, dyb, l.dyOff(), l.lddy(), dxb,
                    l.yOff(), l.ldy(), dg, db);
        } else {
            BatchNorm.backwardTraining(
                    xb, l.xOff(), n, c, l.ldx(), mean, invStd, act, SLOPE, dyb, l.dyOff(), l.lddy(), dxb, l.yOff(),
                    l.ldy(), dg, db);
        }
        assertPadding(tag + "dx", dxb, l.yOff(), l.ldy(), n, c);
        assertEquals(PAD, dg[c]);
        assertEquals(PAD, db[c]);
        o.backward(p.dy());
        double[][] t = o.backwardTolerances(p.dy());
        float[] dx = extract(dxb, l.yOff(), l.ldy(), n, c);
        for (int i = 0; i < n * c; i++) {
            close(tag + "training dx[" + i / c + "][" + i % c + "]", o.dx[i], dx[i], t[0][i]);
        }
        for (int j = 0; j < c; j++) {
            close(tag + "training dgamma[" + j + "]", o.dgamma[j], dg[j], t[1][j]);
            close(tag + "training dbeta[" + j + "]", o.dbeta[j], db[j], t[2][j]);
        }

        // inference from the updated running statistics
        BatchNormOracle oi = new BatchNormOracle(p.x(), n, c, gamma, beta, p.eps(), act, SLOPE, rm, rv);
        Arrays.fill(yb, PAD);
        if (affine) {
            BatchNorm.forwardInference(
                    xb, l.xOff(), n, c, l.ldx(), gamma, beta, rm, rv, p.eps(), act, SLOPE, yb, l.yOff(), l.ldy());
        } else {
            BatchNorm.forwardInference(xb, l.xOff(), n, c, l.ldx(), rm, rv, p.eps(), act, SLOPE, yb, l.yOff(), l.ldy());
        }
        assertPadding(tag + "inference y", yb, l.yOff(), l.ldy(), n, c);
        y = extract(yb, l.yOff(), l.ldy(), n, c);
        for (int i = 0; i < n * c; i++) {
            close(tag + "inference y[" + i / c + "][" + i % c + "]", oi.y[i], y[i], oi.tolY(i));
        }
        Arrays.fill(dxb, PAD);
        Arrays.fill(dg, PAD);
        Arrays.fill(db, PAD);
        if (affine) {
            BatchNorm.backwardInference(
                    xb, l.xOff(), n, c, l.ldx(), gamma, beta, rm, rv, p.eps(), act, SLOPE, dyb, l.dyOff(), l.lddy(),
                    dxb, l.yOff(), l.ldy(), dg, db);
        } else {
            BatchNorm.backwardInference(
                    xb, l.xOff(), n, c, l.ldx(), rm, rv, p.eps(), act, SLOPE, dyb, l.dyOff(), l.lddy(), dxb, l.yOff(),
                    l.ldy());
        }
        assertPadding(tag + "inference dx", dxb, l.yOff(), l.ldy(), n, c);
        oi.backward(p.dy());
        t = oi.backwardTolerances(p.dy());
        dx = extract(dxb, l.yOff(), l.ldy(), n, c);
        for (int i = 0; i < n * c; i++) {
            close(tag + "inference dx[" + i / c + "][" + i % c + "]", oi.dx[i], dx[i], t[0][i]);
        }
        if (affine) {
            assertEquals(PAD, dg[c]);
            for (int j = 0; j < c; j++) {
                close(tag + "inference dgamma[" + j + "]", oi.dgamma[j], dg[j], t[1][j]);
                close(tag + "inference dbeta[" + j + "]", oi.dbeta[j], db[j], t[2][j]);
            }
        } else {
            assertEquals(PAD, dg[0], "the non-affine inference backward has no parameter gradients");
        }
    }

    @Test
    void smallShapesEveryActivationWithAndWithoutAffine() {
        SplittableRandom r = Qt.random(1);
        int maxC = 2 * Sweep.lanes() + 3;
        for (int n = 2; n <= 5; n++) {
            for (int c = 1; c <= maxC; c++) {
                for (Activation act : ACTS) {
                    for (boolean affine : new boolean[] {true, false}) {
                        checkAll(
                                Problem.random(r, n, c, 0),
                                act,
                                affine,
                                Layout.varied(c, n * 131 + c * 7 + act.ordinal()));
                    }
                }
            }
        }
    }

    @Test
    void randomShapes() {
        Qt.qt()
                .forAll(
                        integers().between(2, 300),
                        integers().between(1, 300),
                        integers().between(0, 11),
                        longs().all())
                .checkAssert((n, c, mode, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    // N and C each reach 300, their product is capped to keep the property a few seconds on 2 cores
                    int cc = Math.max(1, Math.min(c, 12_000 / n));
                    checkAll(Problem.random(r, n, cc, 0), ACTS[mode % 6], mode < 6, Layout.varied(cc, seed.intValue()));
                });
    }

    @Test
    void batchesLargerThanOneRowBlock() {
        // Batches of more than 2^16 floats (1100 rows of 70, ld 71 or 72): the statistics are flushed into double
        // in chunks, and any blocking of the normalize / dx passes must keep 1/N of the whole batch.
        SplittableRandom r = Qt.random(8);
        for (Activation act : ACTS) {
            checkAll(Problem.random(r, 1100, 70, 0), act, act.ordinal() % 2 == 0, Layout.varied(70, act.ordinal()));
        }
    }

    @Test
    void batchesThatStreamFromMemory() {
        // More than 2^20 floats with rows of at least 128: the statistics read four quarters of the batch side by
        // side, the normalize pass takes one row from each quarter per call. 4132 rows: quarters of 1033 rows (not a
        // whole number of 64-row chunks) and no rows left over (the last chunk's sums must still be flushed); 4099
        // rows leave three for the tail.
        SplittableRandom r = Qt.random(9);
        for (Activation act : ACTS) {
            int n = act.ordinal() % 2 == 0 ? 4132 : 4099;
            checkAll(
                    Problem.random(r, n, 260, act.ordinal() % 3 == 0 ? 10_000 : 0),
                    act,
                    act.ordinal() % 2 == 0,
                    Layout.varied(260, act.ordinal()));
        }
    }

    @Test
    void dataFarFromZero() {
        SplittableRandom r = Qt.random(2);
        for (int n : new int[] {2, 7, 64, 203}) {
            for (int c : new int[] {1, 17, 2 * Sweep.lanes() + 1}) {
                for (Activation act : ACTS) {
                    checkAll(Problem.random(r, n, c, 10_000), act, true, Layout.varied(c, n + c));
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- invariants

    private static float[] trainY(Problem p, Activation act, float[] mean, float[] invStd) {
        float[] y = new float[p.n() * p.c()];
        BatchNorm.forwardTraining(
                p.x(),
                0,
                p.n(),
                p.c(),
                p.c(),
                p.gamma(),
                p.beta(),
                p.eps(),
                act,
                SLOPE,
                y,
                0,
                p.c(),
                mean,
                invStd,
                new float[p.c()],
                new float[p.c()],
                p.momentum());
        return y;
    }

    @Test
    void identityOutputHasMeanBetaAndVarianceGammaSquaredVarOverVarPlusEps() {
        SplittableRandom r = Qt.random(3);
        for (int n : new int[] {2, 3, 50, 257}) {
            int c = 2 * Sweep.lanes() + 3;
            Problem p = Problem.random(r, n, c, 0);
            float[] y = trainY(p, Activation.IDENTITY, new float[c], new float[c]);
            BatchNormOracle o =
                    new BatchNormOracle(p.x(), n, c, p.gamma(), p.beta(), p.eps(), Activation.IDENTITY, 0, null, null);
            for (int j = 0; j < c; j++) {
                double s = 0;
                double maxTol = 0;
                for (int i = 0; i < n; i++) {
                    s += y[i * c + j];
                    maxTol = Math.max(maxTol, o.tolY(i * c + j));
                }
                double mean = s / n;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    ss += (y[i * c + j] - mean) * (y[i * c + j] - mean);
                }
                double g = p.gamma()[j];
                double target = g * g * o.var[j] / (o.var[j] + p.eps());
                close("n=" + n + " mean of y[:, " + j + "]", p.beta()[j], mean, maxTol);
                close(
                        "n=" + n + " variance of y[:, " + j + "]",
                        target,
                        ss / n,
                        2 * Math.sqrt(target) * maxTol + maxTol * maxTol);
            }
        }
    }

    @Test
    void invariantToPerFeatureShiftAndPositiveScale() {
        SplittableRandom r = Qt.random(4);
        for (Activation act : ACTS) {
            for (int n : new int[] {3, 40}) {
                int c = Sweep.lanes() + 5;
                Problem p = Problem.random(r, n, c, 0);
                float[] x2 = new float[n * c];
                double[] scale = new double[c];
                for (int j = 0; j < c; j++) {
                    scale[j] = r.nextDouble(0.5, 4);
                    double shift = r.nextDouble(-100, 100);
                    for (int i = 0; i < n; i++) {
                        x2[i * c + j] = (float) (scale[j] * p.x()[i * c + j] + shift);
                    }
                }
                Problem p2 = new Problem(n, c, x2, p.gamma(), p.beta(), p.rm(), p.rv(), p.dy(), p.eps(), p.momentum());
                float[] y2 = trainY(p2, act, new float[c], new float[c]);
                BatchNormOracle o =
                        new BatchNormOracle(p.x(), n, c, p.gamma(), p.beta(), p.eps(), act, SLOPE, null, null);
                BatchNormOracle o2 =
                        new BatchNormOracle(x2, n, c, p.gamma(), p.beta(), p.eps(), act, SLOPE, null, null);
                for (int i = 0; i < n * c; i++) {
                    int j = i % c;
                    double lip = act == Activation.LEAKY_RELU || act == Activation.IDENTITY ? 1 : 1.2;
                    // rounding of the transformed input, and eps, which is not scaled with the data
                    double inputRounding = Math.abs(p.gamma()[j]) * o2.inv[j] * 2 * U * Math.abs(x2[i]);
                    double epsEffect = Math.abs(p.gamma()[j] * o.xhat[i]) * p.eps() / Math.min(o.var[j], o2.var[j]);
                    close(
                            act + " n=" + n + " shifted+scaled y[" + i / c + "][" + j + "]",
                            o.y[i],
                            y2[i],
                            o2.tolY(i) + lip * (inputRounding + epsEffect));
                }
            }
        }
    }

    @Test
    void identityGradientSumsVanishPerFeature() {
        SplittableRandom r = Qt.random(5);
        for (int n : new int[] {2, 5, 64, 301}) {
            int c = 2 * Sweep.lanes() + 3;
            Problem p = Problem.random(r, n, c, 0);
            float[] mean = new float[c];
            float[] invStd = new float[c];
            trainY(p, Activation.IDENTITY, mean, invStd);
            float[] dx = new float[n * c];
            BatchNorm.backwardTraining(
                    p.x(),
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    mean,
                    invStd,
                    Activation.IDENTITY,
                    0,
                    p.dy(),
                    0,
                    c,
                    dx,
                    0,
                    c,
                    new float[c],
                    new float[c]);
            BatchNormOracle o =
                    new BatchNormOracle(p.x(), n, c, p.gamma(), p.beta(), p.eps(), Activation.IDENTITY, 0, null, null);
            o.backward(p.dy());
            double[] tdx = o.backwardTolerances(p.dy())[0];
            for (int j = 0; j < c; j++) {
                double s = 0;
                double sx = 0;
                double t = 0;
                double tx = 0;
                for (int i = 0; i < n; i++) {
                    int k = i * c + j;
                    s += dx[k];
                    sx += dx[k] * o.xhat[k];
                    t += tdx[k];
                    tx += tdx[k] * Math.abs(o.xhat[k]) + Math.abs(dx[k]) * o.dxhat(k);
                }
                close("n=" + n + " sum(dx[:, " + j + "])", 0, s, t);
                // mean(xhat^2) = var/(var+eps), not 1: the second sum is gamma*invstd*sum(dz*xhat)*eps/(var+eps), which
                // vanishes with eps.
                double second = p.gamma()[j] * o.inv[j] * o.dgamma[j] * p.eps() / (o.var[j] + p.eps());
                close("n=" + n + " sum(dx*xhat[:, " + j + "])", second, sx, tx);
            }
        }
    }

    // ----------------------------------------------------------------------------------- running statistics

    @Test
    void runningStatisticsFollowPyTorchMomentumAndUnbiasedVariance() {
        // Column 0: {1, 2, 3, 4}: mean 2.5, biased variance 1.25, unbiased 5/3 (all exactly representable inputs).
        // Column 1: constant 7: variance 0.
        float[] x = {1, 7, 2, 7, 3, 7, 4, 7};
        for (float momentum : new float[] {0f, 0.1f, 0.5f, 1f}) {
            float[] rm = {0.25f, -3f};
            float[] rv = {2f, 0.5f};
            float[] mean = new float[2];
            float[] invStd = new float[2];
            BatchNorm.forwardTraining(
                    x, 0, 4, 2, 2, 1e-3f, Activation.IDENTITY, 0f, new float[8], 0, 2, mean, invStd, rm, rv, momentum);
            double m = momentum;
            float eRm0 = (float) ((1 - m) * 0.25f + m * 2.5);
            float eRv0 = (float) ((1 - m) * 2f + m * 1.25 * 4 / 3);
            float eRm1 = (float) ((1 - m) * -3f + m * 7);
            float eRv1 = (float) ((1 - m) * 0.5f);
            String tag = "momentum " + momentum;
            assertEquals(eRm0, rm[0], Math.ulp(eRm0), tag);
            assertEquals(eRv0, rv[0], 2 * Math.ulp(eRv0), tag);
            assertEquals(eRm1, rm[1], Math.ulp(eRm1), tag);
            assertEquals(eRv1, rv[1], Math.ulp(eRv1), tag);
            assertEquals(1 / Math.sqrt(1.25 + 1e-3f), invStd[0], 2 * Math.ulp(invStd[0]), tag);
            assertEquals((float) (1 / Math.sqrt(1e-3f)), invStd[1], 2 * Math.ulp(invStd[1]), tag);
            if (momentum == 0f) {
                assertArrayEquals(new float[] {0.25f, -3f}, rm, "momentum 0 leaves the running mean alone");
                assertArrayEquals(new float[] {2f, 0.5f}, rv, "momentum 0 leaves the running variance alone");
            }
        }
    }

    @Test
    void batchOfOneIsRefusedInTrainingAndFineInInference() {
        float[] x = {1f, 2f, 3f};
        float[] y = new float[3];
        float[] g = {1f, 1f, 1f};
        float[] b = {0f, 0f, 0f};
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> BatchNorm.forwardTraining(
                        x,
                        0,
                        1,
                        3,
                        3,
                        g,
                        b,
                        1e-5f,
                        Activation.RELU,
                        0f,
                        y,
                        0,
                        3,
                        new float[3],
                        new float[3],
                        new float[3],
                        new float[3],
                        0.1f));
        assertTrue(e.getMessage().contains("at least 2 rows") && e.getMessage().contains("1 x 3"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> BatchNorm.backwardTraining(
                        x,
                        0,
                        1,
                        3,
                        3,
                        g,
                        b,
                        new float[3],
                        new float[3],
                        Activation.RELU,
                        0f,
                        x,
                        0,
                        3,
                        y,
                        0,
                        3,
                        new float[3],
                        new float[3]));
        assertTrue(e.getMessage().contains("at least 2 rows"), e.getMessage());
        BatchNorm.forwardInference(
                x,
                0,
                1,
                3,
                3,
                g,
                b,
                new float[] {1, 2, 3},
                new float[] {1, 1, 1},
                1e-5f,
                Activation.IDENTITY,
                0f,
                y,
                0,
                3);
        for (float v : y) {
            assertEquals(0f, v, 1e-5f);
        }
    }

    // ------------------------------------------------------------------------------ special values and aliasing

    @Test
    void nanInAColumnGivesNanInThatColumnOnly() {
        int n = 6;
        int c = Sweep.lanes() + 3;
        for (int bad : new int[] {0, c - 1}) {
            for (Activation act : ACTS) {
                Problem p = Problem.random(Qt.random(6), n, c, 0);
                p.x()[2 * c + bad] = Float.NaN;
                float[] mean = new float[c];
                float[] invStd = new float[c];
                float[] y = trainY(p, act, mean, invStd);
                float[] dx = new float[n * c];
                BatchNorm.backwardTraining(
                        p.x(),
                        0,
                        n,
                        c,
                        c,
                        p.gamma(),
                        p.beta(),
                        mean,
                        invStd,
                        act,
                        SLOPE,
                        p.dy(),
                        0,
                        c,
                        dx,
                        0,
                        c,
                        new float[c],
                        new float[c]);
                for (int i = 0; i < n * c; i++) {
                    boolean nanCol = i % c == bad;
                    assertEquals(nanCol, Float.isNaN(y[i]), act + " y[" + i / c + "][" + i % c + "] = " + y[i]);
                    assertEquals(nanCol, Float.isNaN(dx[i]), act + " dx[" + i / c + "][" + i % c + "] = " + dx[i]);
                }
            }
        }
    }

    @Test
    void inPlaceForwardAndBackwardMatchOutOfPlace() {
        SplittableRandom r = Qt.random(7);
        // a small batch, and one that streams from memory in row groups (a row visited twice would be normalized twice)
        inPlace(r, 9, 2 * Sweep.lanes() + 1);
        inPlace(r, 4132, 260);
    }

    @Test
    void perThreadScratchIsGrownOnAFreshThread() throws Exception {
        // The forward pass keeps its per-feature scale/shift rows in a per-thread array grown on demand: a thread that
        // has never run batch norm must get one large enough, and the same result.
        SplittableRandom r = Qt.random(12);
        Problem p = Problem.random(r, 6, 300, 0);
        float[] here = trainY(p, Activation.RELU, new float[300], new float[300]);
        float[][] there = new float[1][];
        Thread t = new Thread(() -> there[0] = trainY(p, Activation.RELU, new float[300], new float[300]));
        t.start();
        t.join();
        assertArrayEquals(here, there[0]);
    }

    private static void inPlace(SplittableRandom r, int n, int c) {
        for (Activation act : ACTS) {
            Problem p = Problem.random(r, n, c, 0);
            float[] mean = new float[c];
            float[] invStd = new float[c];
            float[] y = trainY(p, act, mean, invStd);
            float[] inPlace = p.x().clone();
            BatchNorm.forwardTraining(
                    inPlace,
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    p.eps(),
                    act,
                    SLOPE,
                    inPlace,
                    0,
                    c,
                    new float[c],
                    new float[c],
                    new float[c],
                    new float[c],
                    p.momentum());
            assertArrayEquals(y, inPlace, act + " forward y == x");
            float[] dx = new float[n * c];
            BatchNorm.backwardTraining(
                    p.x(),
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    mean,
                    invStd,
                    act,
                    SLOPE,
                    p.dy(),
                    0,
                    c,
                    dx,
                    0,
                    c,
                    new float[c],
                    new float[c]);
            float[] dyInPlace = p.dy().clone();
            BatchNorm.backwardTraining(
                    p.x(),
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    mean,
                    invStd,
                    act,
                    SLOPE,
                    dyInPlace,
                    0,
                    c,
                    dyInPlace,
                    0,
                    c,
                    new float[c],
                    new float[c]);
            assertArrayEquals(dx, dyInPlace, act + " training backward dx == dy");
            BatchNorm.backwardInference(
                    p.x(),
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    p.rm(),
                    p.rv(),
                    p.eps(),
                    act,
                    SLOPE,
                    p.dy(),
                    0,
                    c,
                    dx,
                    0,
                    c,
                    new float[c],
                    new float[c]);
            dyInPlace = p.dy().clone();
            BatchNorm.backwardInference(
                    p.x(),
                    0,
                    n,
                    c,
                    c,
                    p.gamma(),
                    p.beta(),
                    p.rm(),
                    p.rv(),
                    p.eps(),
                    act,
                    SLOPE,
                    dyInPlace,
                    0,
                    c,
                    dyInPlace,
                    0,
                    c,
                    new float[c],
                    new float[c]);
            assertArrayEquals(dx, dyInPlace, act + " inference backward dx == dy");
            assertFalse(Float.isNaN(dx[0]));
        }
    }
}
