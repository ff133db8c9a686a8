package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Softmax cross-entropy, softmax and MSE against a double-precision oracle written here, with the error bounds
 * documented in {@link Losses}; invariants (rows sum to 1, shift invariance, loss >= 0, gradient rows sum to 0);
 * gradients against central finite differences of the oracle; padding between rows never written; bad input.
 */
class LossesTest {
    private static final double U = 0x1p-24;
    private static final double TINY = 0x1p-126;
    /** Sentinel in the padding of output matrices: must survive every call. */
    private static final float GUARD = -12345.5f;

    // ---------------------------------------------------------------- double-precision oracle

    static double oracleRowMax(float[] x, int o, int k) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            m = Math.max(m, x[o + j]);
        }
        return m;
    }

    static double[] oracleSoftmax(float[] x, int o, int k) {
        double m = oracleRowMax(x, o, k);
        double[] p = new double[k];
        double s = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(x[o + j] - m);
            s += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= s;
        }
        return p;
    }

    static double oracleRowLoss(double[] x, int o, int k, int label) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            m = Math.max(m, x[o + j]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            s += Math.exp(x[o + j] - m);
        }
        return Math.log(s) + m - x[o + label];
    }

    static double oracleLoss(double[] x, int n, int k, int ld, int[] labels) {
        double t = 0;
        for (int r = 0; r < n; r++) {
            t += oracleRowLoss(x, r * ld, k, labels[r]);
        }
        return t / n;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    // ---------------------------------------------------------------- fixtures

    /** A case: n x k logits at offset off with leading dimension ld, NaN in every unused element. */
    record Case(int n, int k, int off, int ld, float[] x, int[] labels) {
        float at(int r, int j) {
            return x[off + r * ld + j];
        }
    }

    static Case makeCase(SplittableRandom r, int n, int k, int off, int pad, double spread, double shift) {
        int ld = k + pad;
        float[] x = new float[off + n * ld + 3];
        Arrays.fill(x, Float.NaN);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double rowShift = shift * (r.nextBoolean() ? 1 : -1) * r.nextDouble();
            for (int j = 0; j < k; j++) {
                x[off + i * ld + j] = (float) (rowShift + spread * Sweep.gauss(r));
            }
            labels[i] = r.nextInt(k);
        }
        return new Case(n, k, off, ld, x, labels);
    }

    static float[] guarded(int len) {
        float[] g = new float[len];
        Arrays.fill(g, GUARD);
        return g;
    }

    /** Runs softmaxCrossEntropy on c (gradient at offset gOff, its own leading dimension) and checks everything. */
    static void checkCrossEntropy(Case c, int gOff, int gPad) {
        int n = c.n();
        int k = c.k();
        int gLd = k + gPad;
        float[] g = guarded(gOff + n * gLd + 2);
        float[] xCopy = c.x().clone();
        float loss = Losses.softmaxCrossEntropy(c.x(), c.off(), n, k, c.ld(), c.labels(), 0, g, gOff, gLd);
        assertTrue(Arrays.equals(xCopy, c.x()), "logits were modified");

        double exact = 0;
        for (int r = 0; r < n; r++) {
            double m = oracleRowMax(c.x(), c.off() + r * c.ld(), k);
            double[] p = oracleSoftmax(c.x(), c.off() + r * c.ld(), k);
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += Math.exp(c.at(r, j) - m);
            }
            exact += Math.log(s) + m - c.at(r, c.labels()[r]);
            double rowSum = 0;
            for (int j = 0; j < k; j++) {
                double delta = j == c.labels()[r] ? 1 : 0;
                double want = (p[j] - delta) / n;
                double got = g[gOff + r * gLd + j];
                double tol = ((k + 6 + Math.abs(c.at(r, j) - m)) * p[j] + 2 * delta) * U / n + TINY / n;
                int rr = r;
                int jj = j;
                assertEquals(want, got, tol, () -> "grad[" + rr + "][" + jj + "] n=" + n + " k=" + k);
                rowSum += got;
            }
            // Gradient rows sum to 0 (within the summed per-element bound).
            assertEquals(0, rowSum, ((2 * k + 10) * U + k * TINY) / n, "gradient row sum, n=" + n + " k=" + k);
        }
        exact /= n;
        assertTrue(loss >= 0, "loss " + loss);
        assertEquals(exact, loss, (2 * k + 4) * U + U * Math.abs(exact), "loss n=" + n + " k=" + k);
        assertGuards(g, gOff, n, k, gLd);
    }

    static void assertGuards(float[] g, int off, int n, int k, int ld) {
        for (int i = 0; i < g.length; i++) {
            int rel = i - off;
            boolean inside = rel >= 0 && rel / ld < n && rel % ld < k;
            if (!inside) {
                assertEquals(GUARD, g[i], "element " + i + " outside the output matrix was written");
            }
        }
    }

    // ---------------------------------------------------------------- deterministic sweeps

    @Test
    void crossEntropySweepsEveryLengthAndOffset() {
        SplittableRandom r = Qt.random(1);
        for (int k = 1; k <= Sweep.maxLength(); k++) {
            for (int off = 0; off <= Sweep.maxOffset(); off++) {
                Case c = makeCase(r, 3, k, off, off % 3, 3, 0);
                checkCrossEntropy(c, (off * 7) % (Sweep.maxOffset() + 1), (off + 1) % 2);
            }
        }
    }

    @Test
    void softmaxSweepsEveryLengthAndOffset() {
        SplittableRandom r = Qt.random(2);
        for (int k = 1; k <= Sweep.maxLength(); k++) {
            for (int off = 0; off <= Sweep.maxOffset(); off++) {
                checkSoftmax(makeCase(r, 2, k, off, off % 2, 4, 0), off, 1);
            }
        }
    }

    static void checkSoftmax(Case c, int oOff, int oPad) {
        int n = c.n();
        int k = c.k();
        int oLd = k + oPad;
        float[] out = guarded(oOff + n * oLd + 1);
        Losses.softmax(c.x(), c.off(), n, k, c.ld(), out, oOff, oLd);
        for (int r = 0; r < n; r++) {
            double m = oracleRowMax(c.x(), c.off() + r * c.ld(), k);
            double[] p = oracleSoftmax(c.x(), c.off() + r * c.ld(), k);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double got = out[oOff + r * oLd + j];
                assertTrue(got >= 0 && got <= 1, "probability " + got);
                int rr = r;
                int jj = j;
                assertEquals(
                        p[j],
                        got,
                        (k + 5 + Math.abs(c.at(r, j) - m)) * U * p[j] + TINY,
                        () -> "softmax[" + rr + "][" + jj + "] k=" + k);
                sum += got;
            }
            assertEquals(1.0, sum, (2 * k + 5) * U, "softmax row sum, k=" + k);
        }
        assertGuards(out, oOff, n, k, oLd);
    }

    @Test
    void mseSweepsEveryLengthAndOffset() {
        SplittableRandom r = Qt.random(3);
        for (int k = 1; k <= Sweep.maxLength(); k++) {
            for (int off = 0; off <= Sweep.maxOffset(); off++) {
                checkMse(r, 2, k, off, off % 2);
            }
        }
    }

    static void checkMse(SplittableRandom r, int n, int k, int off, int pad) {
        int ld = k + pad;
        float[] p = Sweep.embed(Sweep.uniform(r, n * ld, -3, 3), off, 2);
        float[] t = Sweep.embed(Sweep.uniform(r, n * ld, -3, 3), 1, 0);
        float[] g = guarded(2 + n * ld);
        float loss = Losses.meanSquaredError(p, off, n, k, ld, t, 1, ld);
        float loss2 = Losses.meanSquaredErrorWithGradient(p, off, n, k, ld, t, 1, ld, g, 2, ld);
        double exact = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double d = (double) p[off + i * ld + j] - t[1 + i * ld + j];
                exact += d * d;
                double want = 2 * d / ((double) n * k);
                assertEquals(want, g[2 + i * ld + j], 3 * U * Math.abs(want) + 0x1p-149, "mse grad k=" + k);
            }
        }
        exact /= (double) n * k;
        assertEquals(exact, loss, (k + 4) * U * exact, "mse k=" + k);
        // Same operations, but the Vector API leaves the lane-reduction order free (interpreter vs C2 may differ).
        assertEquals(loss, loss2, 2 * (k + 4) * U * exact, "the fused loss is the same loss");
        assertGuards(g, 2, n, k, ld);
    }

    // ---------------------------------------------------------------- random properties

    @Test
    void crossEntropyMatchesOracleOnRandomShapesIncludingHugeLogits() {
        Qt.qt()
                .forAll(
                        integers().between(1, 200),
                        integers().between(1, 40),
                        integers().between(0, 3),
                        longs().all())
                .checkAssert((n, k, kind, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double spread = switch (kind) {
                        case 0 -> 1;
                        case 1 -> 10;
                        case 2 -> 1e4;
                        default -> 0.01;
                    };
                    double shift = kind == 3 ? 1e4 : r.nextDouble(0, 100);
                    Case c = makeCase(r, n, k, r.nextInt(5), r.nextInt(3), spread, shift);
                    checkCrossEntropy(c, r.nextInt(4), r.nextInt(3));
                    checkSoftmax(c, r.nextInt(4), r.nextInt(2));
                });
    }

    @Test
    void largeLogitsGiveFiniteExactResults() {
        float[] x = {1e4f, -1e4f, 0f, -1e4f, 1e4f, 1e4f};
        int[] labels = {1, 2};
        float[] g = new float[6];
        float loss = Losses.softmaxCrossEntropy(x, 0, 2, 3, 3, labels, 0, g, 0, 3);
        // row 0: log(1 + e^-1e4 + e^-2e4) + 1e4 + 1e4 = 2e4; row 1: log 2 + 1e4 - 1e4
        assertEquals((2e4 + Math.log(2)) / 2, loss, 1e4 * U * 2);
        for (float v : g) {
            assertTrue(Float.isFinite(v), Arrays.toString(g));
        }
        assertEquals(0.5f, g[0], 1e-7);
        assertEquals(-0.5f, g[1], 1e-7);
        assertEquals(0.25f, g[4], 1e-7);
        assertEquals(-0.25f, g[5], 1e-7);
    }

    @Test
    void softmaxIsInvariantToARowShift() {
        // Logits on a 2^-8 grid in [-16, 16] plus an integer shift up to 1e4 are exact in float, so x - max is the
        // same float in both rows and the probabilities must be bit-identical.
        Qt.qt()
                .forAll(integers().between(1, 40), integers().between(-10_000, 10_000), longs().all())
                .checkAssert((k, shift, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] x = new float[2 * k];
                    for (int j = 0; j < k; j++) {
                        x[j] = r.nextInt(-4096, 4097) / 256f;
                        x[k + j] = x[j] + shift;
                    }
                    float[] p = new float[2 * k];
                    Losses.softmax(x, 0, 2, k, k, p, 0, k);
                    for (int j = 0; j < k; j++) {
                        assertEquals(Float.floatToIntBits(p[j]), Float.floatToIntBits(p[k + j]), "k=" + k + " j=" + j);
                    }
                });
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferencesOfTheOracle() {
        Qt.qt()
                .forAll(integers().between(1, 6), integers().between(1, 24), longs().all())
                .checkAssert((n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Case c = makeCase(r, n, k, 0, 0, 2, 5);
                    float[] g = new float[n * k];
                    Losses.softmaxCrossEntropy(c.x(), 0, n, k, k, c.labels(), 0, g, 0, k);
                    double[] xd = toDouble(c.x());
                    double h = 1e-4;
                    for (int i = 0; i < n * k; i++) {
                        double keep = xd[i];
                        xd[i] = keep + h;
                        double up = oracleLoss(xd, n, k, k, c.labels());
                        xd[i] = keep - h;
                        double down = oracleLoss(xd, n, k, k, c.labels());
                        xd[i] = keep;
                        double fd = (up - down) / (2 * h);
                        // FD truncation error is O(h^2 |L'''|) <= ~1e-8 / n here; the kernel's own error is ~k u / n.
                        assertEquals(fd, g[i], (1e-8 + (k + 8) * U) / n, "d loss / d x[" + i + "] n=" + n + " k=" + k);
                    }
                });
    }

    @Test
    void mseGradientMatchesFiniteDifferencesAndRandomShapes() {
        Qt.qt()
                .forAll(integers().between(1, 200), integers().between(1, 40), longs().all())
                .checkAssert((n, k, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    checkMse(r, n, k, r.nextInt(4), r.nextInt(3));
                    if (n * k <= 64) {
                        float[] p = Sweep.uniform(r, n * k, -2, 2);
                        float[] t = Sweep.uniform(r, n * k, -2, 2);
                        float[] g = new float[n * k];
                        Losses.meanSquaredErrorWithGradient(p, 0, n, k, k, t, 0, k, g, 0, k);
                        double h = 1e-3;
                        for (int i = 0; i < n * k; i++) {
                            double up = 0;
                            double down = 0;
                            for (int j = 0; j < n * k; j++) {
                                double d = (double) p[j] - t[j];
                                double du = j == i ? d + h : d;
                                double dd = j == i ? d - h : d;
                                up += du * du;
                                down += dd * dd;
                            }
                            double fd = (up - down) / (2 * h * n * k);
                            assertEquals(fd, g[i], 1e-12 + 4 * U * Math.abs(fd), "d mse / d p[" + i + "]");
                        }
                    }
                });
    }

    @Test
    void inPlaceResultsEqualTheOutOfPlaceResults() {
        SplittableRandom r = Qt.random(4);
        for (int k : new int[] {1, 3, 10, 17, 40, 100}) {
            Case c = makeCase(r, 5, k, 2, 1, 3, 0);
            float[] g = new float[c.x().length];
            float loss = Losses.softmaxCrossEntropy(c.x(), 2, 5, k, c.ld(), c.labels(), 0, g, 2, c.ld());
            float[] p = new float[c.x().length];
            Losses.softmax(c.x(), 2, 5, k, c.ld(), p, 2, c.ld());
            float[] inPlace = c.x().clone();
            // Lane-reduction order is free in the Vector API, so compare within the bounds, not bit for bit.
            assertEquals(
                    loss,
                    Losses.softmaxCrossEntropy(inPlace, 2, 5, k, c.ld(), c.labels(), 0, inPlace, 2, c.ld()),
                    4 * (2 * k + 4) * U * (1 + loss));
            float[] inPlaceP = c.x().clone();
            Losses.softmax(inPlaceP, 2, 5, k, c.ld(), inPlaceP, 2, c.ld());
            for (int row = 0; row < 5; row++) {
                for (int j = 0; j < k; j++) {
                    int i = 2 + row * c.ld() + j;
                    assertEquals(g[i], inPlace[i], 2 * (k + 8) * U / 5, "k=" + k);
                    assertEquals(p[i], inPlaceP[i], 2 * (k + 6) * U * p[i] + TINY, "k=" + k);
                }
            }
            float[] t = Sweep.uniform(r, c.x().length, -1, 1);
            float[] mg = new float[c.x().length];
            float mse = Losses.meanSquaredErrorWithGradient(c.x(), 2, 5, k, c.ld(), t, 2, c.ld(), mg, 2, c.ld());
            float[] pred = c.x().clone();
            assertEquals(
                    mse,
                    Losses.meanSquaredErrorWithGradient(pred, 2, 5, k, c.ld(), t, 2, c.ld(), pred, 2, c.ld()),
                    2 * (k + 4) * U * mse);
            float[] tgt = t.clone();
            assertEquals(
                    mse,
                    Losses.meanSquaredErrorWithGradient(c.x(), 2, 5, k, c.ld(), tgt, 2, c.ld(), tgt, 2, c.ld()),
                    2 * (k + 4) * U * mse);
            for (int row = 0; row < 5; row++) {
                for (int j = 0; j < k; j++) {
                    int i = 2 + row * c.ld() + j;
                    assertEquals(mg[i], pred[i], "mse grad in place of pred, k=" + k);
                    assertEquals(mg[i], tgt[i], "mse grad in place of target, k=" + k);
                }
            }
        }
    }

    // ---------------------------------------------------------------- non-finite input

    @Test
    void nanLogitGivesNanLossAndNanRowWithoutException() {
        for (int k : new int[] {1, 5, 10, 16, 33}) {
            for (int bad = 0; bad < k; bad += Math.max(1, k / 3)) {
                float[] x = Sweep.uniform(Qt.random(5), 3 * k, -1, 1);
                x[k + bad] = Float.NaN;
                int[] labels = {0, 0, k - 1};
                float[] g = new float[3 * k];
                float loss = Losses.softmaxCrossEntropy(x, 0, 3, k, k, labels, 0, g, 0, k);
                assertTrue(Float.isNaN(loss), "loss " + loss);
                for (int j = 0; j < k; j++) {
                    assertTrue(Float.isNaN(g[k + j]), "NaN row of the gradient");
                    assertFalse(Float.isNaN(g[j]) || Float.isNaN(g[2 * k + j]), "other rows stay finite");
                }
                float[] p = new float[3 * k];
                Losses.softmax(x, 0, 3, k, k, p, 0, k);
                assertTrue(Float.isNaN(p[k]) && !Float.isNaN(p[0]));
                float[] t = new float[3 * k];
                assertTrue(Float.isNaN(Losses.meanSquaredError(x, 0, 3, k, k, t, 0, k)));
            }
        }
    }

    @Test
    void infiniteLogitsFollowTheDocumentedRules() {
        float ninf = Float.NEGATIVE_INFINITY;
        float[] x = {0f, ninf, 1f, 0f, Float.POSITIVE_INFINITY, 0f};
        float[] g = new float[6];
        // row 0: -Inf next to a finite max has probability 0; it is the label, so the loss is +Inf.
        float loss = Losses.softmaxCrossEntropy(x, 0, 1, 3, 3, new int[] {1}, 0, g, 0, 3);
        assertEquals(Float.POSITIVE_INFINITY, loss);
        assertEquals(-1f, g[1]);
        // row 1 contains +Inf: NaN.
        assertTrue(Float.isNaN(Losses.softmaxCrossEntropy(x, 3, 1, 3, 3, new int[] {0}, 0, g, 3, 3)));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputIsRefusedWithMessagesNamingTheShapes() {
        float[] x = new float[20];
        float[] g = new float[20];
        int[] labels = {0, 1, 7, 2};
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(x, 0, 4, 5, 5, labels, 0, g, 0, 5));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("k = 5"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(x, 0, 4, 5, 5, new int[] {0, -1, 0, 0}, 0, g, 0, 5));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("-1"), e.getMessage());

        assertBad("n = 0", () -> Losses.softmaxCrossEntropy(x, 0, 0, 5, 5, labels, 0, g, 0, 5));
        assertBad("k = 0", () -> Losses.softmax(x, 0, 2, 0, 5, g, 0, 5));
        assertBad("n = -1", () -> Losses.meanSquaredError(x, 0, -1, 2, 2, g, 0, 2));
        assertBad("logits (1 x 2) is null", () -> Losses.softmaxCrossEntropy(null, 0, 1, 2, 2, labels, 0, g, 0, 2));
        assertBad("labels is null", () -> Losses.softmaxCrossEntropy(x, 0, 1, 2, 2, null, 0, g, 0, 2));
        assertBad("labels: needs 4", () -> Losses.softmaxCrossEntropy(x, 0, 4, 2, 2, new int[3], 0, g, 0, 2));
        assertBad(
                "logits (4 x 5, leading dimension 5, offset 1) needs 21",
                () -> Losses.softmaxCrossEntropy(x, 1, 4, 5, 5, new int[4], 0, g, 0, 5));
        assertBad("leading dimension 4 is smaller than its 5 columns", () -> Losses.softmax(x, 0, 2, 5, 4, g, 0, 5));
        assertBad(
                "grad (2 x 5, offset 1, leading dimension 5) overlaps logits",
                () -> Losses.softmaxCrossEntropy(x, 0, 2, 5, 5, new int[2], 0, x, 1, 5));
        assertBad(
                "out (2 x 5, offset 0, leading dimension 6) overlaps x", () -> Losses.softmax(x, 0, 2, 5, 5, x, 0, 6));
        assertBad("target (3 x 3", () -> Losses.meanSquaredError(x, 0, 3, 3, 3, new float[8], 0, 3));
        assertBad(
                "grad (2 x 2, offset 1, leading dimension 2) overlaps target",
                () -> Losses.meanSquaredErrorWithGradient(x, 0, 2, 2, 2, g, 0, 2, g, 1, 2));
    }

    static void assertBad(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, fragment);
        assertTrue(
                e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
