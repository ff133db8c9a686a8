package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.simdnn.testkit.Qt;

/**
 * Standardizer: fitted outputs have per-feature mean 0 and variance 1 (checked by a double oracle), range scaling
 * hits its bounds, constant features stay finite, {@code of(mean, std)} round-trips, and shapes are checked.
 */
class StandardizerTest {
    private static final double U = 0x1p-24;

    /** Batch with per-column centers far apart (one far from zero) and one constant column. */
    private static float[] batch(SplittableRandom r, int rows, int cols, int ld, int constantCol) {
        float[] x = new float[(rows - 1) * ld + cols + 1];
        java.util.Arrays.fill(x, Float.NaN); // padding between rows must never be read
        for (int c = 0; c < cols; c++) {
            double center = c == 0 ? 10_000 : r.nextDouble(-50, 50);
            double sd = c == constantCol ? 0 : 0.5 + r.nextDouble(4);
            for (int i = 0; i < rows; i++) {
                x[1 + i * ld + c] = (float) (center + sd * Sweep.gauss(r));
            }
        }
        return x;
    }

    /** Checks that the columns of y have mean 0 / variance 1 (or are 0 for the constant column). */
    private static void standardized(
            float[] x, int xOff, float[] y, int yOff, int rows, int cols, int ldx, int ldy, int constantCol) {
        for (int c = 0; c < cols; c++) {
            if (c == constantCol) {
                for (int i = 0; i < rows; i++) {
                    assertEquals(0f, y[yOff + i * ldy + c], "constant column maps to 0");
                }
                continue;
            }
            ReductionsTest.Stats in = ReductionsTest.Stats.of(x, xOff + c, rows, ldx);
            ReductionsTest.Stats out = ReductionsTest.Stats.of(y, yOff + c, rows, ldy);
            double sd = Math.sqrt(in.var());
            // the fitted statistics' documented error, plus the map's own roundings (a few u of |x - mean| / sd)
            double meanTol = (in.meanTol() + 4 * U * in.spread()) / sd;
            double varTol = in.varTol() / in.var() + 8 * U * (1 + in.spread() / sd);
            int cc = c;
            assertTrue(Math.abs(out.mean()) <= meanTol, () -> "column " + cc + " mean " + out.mean() + " > " + meanTol);
            assertTrue(
                    Math.abs(out.var() - 1) <= varTol, () -> "column " + cc + " var " + out.var() + " tol " + varTol);
        }
    }

    @Test
    void fitGivesZeroMeanUnitVarianceAndConstantFeaturesStayFinite() {
        SplittableRandom r = Qt.random(11);
        int l = Math.max(4, Simdnn.backend().floatLanes());
        for (int cols : new int[] {1, l - 1, l + 1, 37}) {
            for (int rows : new int[] {3, 1000}) {
                int ld = cols + 2;
                int constant = cols > 1 ? cols - 1 : -1;
                float[] x = batch(r, rows, cols, ld, constant);
                Standardizer s = Standardizer.fit(x, 1, rows, cols, ld);
                assertEquals(cols, s.features());
                float[] y = new float[rows * cols];
                s.transform(x, 1, rows, cols, ld, y, 0, cols);
                standardized(x, 1, y, 0, rows, cols, ld, cols, constant);
                if (constant >= 0) {
                    assertEquals(1f, s.std()[constant]);
                }
                // in place gives the same numbers
                float[] z = x.clone();
                s.transform(z, 1, rows, cols, ld);
                for (int i = 0; i < rows; i++) {
                    for (int c = 0; c < cols; c++) {
                        assertEquals(y[i * cols + c], z[1 + i * ld + c]);
                    }
                }
                assertTrue(Float.isNaN(z[0]), "transform wrote before the matrix");
                for (int i = 0; i + 1 < rows; i++) {
                    for (int c = cols; c < ld; c++) {
                        assertTrue(Float.isNaN(z[1 + i * ld + c]), "transform wrote into the padding between rows");
                    }
                }
            }
        }
    }

    @Test
    void rangeScalingHitsTheBounds() {
        SplittableRandom r = Qt.random(12);
        int rows = 200;
        int cols = 19;
        int constant = 4;
        float[] x = batch(r, rows, cols, cols, constant);
        Standardizer s = Standardizer.fitRange(x, 1, rows, cols, cols, -0.5f, 0.5f);
        float[] y = new float[rows * cols];
        s.transform(x, 1, rows, cols, cols, y, 0, cols);
        for (int c = 0; c < cols; c++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            double xmin = Double.POSITIVE_INFINITY;
            double xmax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                lo = Math.min(lo, y[i * cols + c]);
                hi = Math.max(hi, y[i * cols + c]);
                xmin = Math.min(xmin, x[1 + i * cols + c]);
                xmax = Math.max(xmax, x[1 + i * cols + c]);
            }
            if (c == constant) {
                assertEquals(0f, lo, "constant feature maps to the middle");
                assertEquals(0f, hi);
                continue;
            }
            // roundings of the offset (relative to |x|) and of the map, measured in units of the feature's range
            double tol = 4 * U * (1 + Math.max(Math.abs(xmin), Math.abs(xmax)) / (xmax - xmin));
            assertEquals(-0.5, lo, tol, "min of column " + c);
            assertEquals(0.5, hi, tol, "max of column " + c);
        }
        Standardizer t = Standardizer.fitRange(new float[] {2f, 4f, 6f}, 0, 3, 1, 1, 0f, 1f);
        float[] v = {2f, 4f, 6f};
        t.transform(v, 0, 3, 1, 1);
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, v);
    }

    @Test
    void rebuildsFromSavedArraysAndExposesCopies() {
        SplittableRandom r = Qt.random(13);
        int rows = 50;
        int cols = 23;
        float[] x = batch(r, rows, cols, cols, 2);
        Standardizer s = Standardizer.fit(x, 1, rows, cols, cols);
        Standardizer t = Standardizer.of(s.mean(), s.std());
        float[] a = new float[rows * cols];
        float[] b = new float[rows * cols];
        s.transform(x, 1, rows, cols, cols, a, 0, cols);
        t.transform(x, 1, rows, cols, cols, b, 0, cols);
        assertArrayEquals(a, b);
        assertArrayEquals(s.mean(), t.mean());
        assertArrayEquals(s.std(), t.std());
        float[] m = s.mean();
        m[0] = 99f;
        assertTrue(s.mean()[0] != 99f, "mean() must return a copy");
        float[] sd = s.std();
        sd[0] = 99f;
        assertTrue(s.std()[0] != 99f, "std() must return a copy");
        float[] mean = {1f, 2f};
        float[] std = {2f, 4f};
        Standardizer u = Standardizer.of(mean, std);
        mean[0] = 50f;
        float[] v = {3f, 10f};
        u.transform(v, 0, 1, 2, 2);
        assertArrayEquals(new float[] {1f, 2f}, v, "of() must copy its arguments");
    }

    @Test
    void randomShapes() {
        Qt.qt()
                .forAll(
                        integers().between(2, 400),
                        integers().between(1, 40),
                        integers().between(0, 3),
                        longs().all())
                .checkAssert((rows, cols, pad, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int ld = cols + pad;
                    float[] x = batch(r, rows, cols, ld, -1);
                    Standardizer s = Standardizer.fit(x, 1, rows, cols, ld);
                    float[] y = new float[rows * ld];
                    s.transform(x, 1, rows, cols, ld, y, 0, ld);
                    standardized(x, 1, y, 0, rows, cols, ld, ld, -1);
                });
    }

    @Test
    void shapesAreChecked() {
        Standardizer s = Standardizer.of(new float[3], new float[] {1, 1, 1});
        float[] x = new float[20];
        message(() -> s.transform(x, 0, 4, 5, 5), "x has 5 columns (features) but this Standardizer was fitted on 3");
        message(() -> s.transform(x, 0, 2, 4, 4, new float[8], 0, 4), "fitted on 3 features");
        message(() -> s.transform(x, 0, 7, 3, 3), "x (7 x 3");
        message(() -> s.transform(x, 0, 2, 3, 3, new float[5], 0, 3), "out (2 x 3");
        message(() -> s.transform(x, 0, 2, 3, 3, x, 1, 3), "partially overlaps");
        message(() -> Standardizer.fit(x, 0, 0, 3, 3), "fit: x (0 x 3) has no rows");
        message(() -> Standardizer.fit(null, 0, 1, 3, 3), "is null");
        message(() -> Standardizer.fitRange(x, 0, 2, 3, 3, 1f, 1f), "lo < hi");
        message(() -> Standardizer.of(new float[2], new float[3]), "mean has 2 features but std has 3");
        message(() -> Standardizer.of(new float[] {0f}, new float[] {0f}), "std[0] = 0.0");
        message(() -> Standardizer.of(new float[] {Float.NaN}, new float[] {1f}), "mean[0] = NaN");
        message(() -> Standardizer.of(new float[] {0f}, new float[] {Float.MIN_VALUE}), "finite reciprocal");
    }

    private static void message(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
