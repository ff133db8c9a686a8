package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.simdnn.testkit.Qt;

/**
 * Reductions against double-precision oracles written here, with the per-kernel error bounds documented on
 * {@link Reductions} as tolerances: deterministic sweeps of every length and offset first, then random properties.
 */
class ReductionsTest {
    private static final double U = 0x1p-24;

    // ---------------------------------------------------------------- oracles and tolerances

    private static void checkSum(float[] a, int off, int n, String ctx) {
        double s = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
            abs += Math.abs(a[off + i]);
        }
        close(s, Reductions.sum(a, off, n), n * U * abs, () -> "sum " + ctx);
    }

    private static void checkDot(float[] a, int aOff, float[] b, int bOff, int n, String ctx) {
        double s = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            double p = (double) a[aOff + i] * b[bOff + i];
            s += p;
            abs += Math.abs(p);
        }
        close(s, Reductions.dot(a, aOff, b, bOff, n), n * U * abs, () -> "dot " + ctx);
    }

    private static void checkSquares(float[] a, int off, int n, String ctx) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[off + i] * a[off + i];
        }
        close(s, Reductions.sumOfSquares(a, off, n), n * U * s, () -> "sumOfSquares " + ctx);
        double norm = Math.sqrt(s);
        close(norm, Reductions.l2Norm(a, off, n), (n / 2.0 + 2) * U * norm, () -> "l2Norm " + ctx);
    }

    private static void checkMax(float[] a, int off, int n, String ctx) {
        float m = a[off];
        int at = 0;
        for (int i = 1; i < n; i++) {
            if (a[off + i] > m) {
                m = a[off + i];
                at = i;
            }
        }
        assertEquals(m, Reductions.max(a, off, n), () -> "max " + ctx);
        assertEquals(at, Reductions.argmax(a, off, n), () -> "argmax " + ctx);
    }

    /** Exact mean, variance and spread of float data, by two passes in double. */
    record Stats(double mean, double var, double spread) {
        static Stats of(float[] a, int off, int n, int stride) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[off + i * stride];
            }
            double mu = s / n;
            double v = 0;
            double r = 0;
            for (int i = 0; i < n; i++) {
                double d = a[off + i * stride] - mu;
                v += d * d;
                r = Math.max(r, Math.abs(d));
            }
            return new Stats(mu, v / n, r);
        }

        /** The documented bound: u (|mu| + 512 R). */
        double meanTol() {
            return U * (Math.abs(mean) + 512 * spread);
        }

        /** The documented bound: u (V + 768 (V + R^2)). */
        double varTol() {
            return U * (var + 768 * (var + spread * spread));
        }

        void check(float m, float v, Supplier<String> ctx) {
            close(mean, m, meanTol(), () -> "mean " + ctx.get());
            close(var, v, varTol(), () -> "variance " + ctx.get());
        }
    }

    private static void checkMeanVariance(float[] a, int off, int n, String ctx) {
        float[] out = {Float.NaN, 7f, Float.NaN, Float.NaN};
        Reductions.meanVariance(a, off, n, out, 1);
        Stats.of(a, off, n, 1).check(out[1], out[2], () -> ctx);
        assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[3]), "meanVariance wrote outside out[1..2]");
    }

    private static void checkColumns(float[] a, int off, int rows, int cols, int ld, String ctx) {
        float[] mean = new float[cols + 3];
        float[] var = new float[cols + 5];
        java.util.Arrays.fill(mean, Float.NaN);
        java.util.Arrays.fill(var, Float.NaN);
        Reductions.columnMeanVariance(a, off, rows, cols, ld, mean, 1, var, 4);
        for (int c = 0; c < cols; c++) {
            int cc = c;
            Stats.of(a, off + c, rows, ld)
                    .check(
                            mean[1 + c],
                            var[4 + c],
                            () -> "column " + cc + " of " + rows + " x " + cols + " ld " + ld + " " + ctx);
        }
        assertTrue(
                Float.isNaN(mean[0])
                        && Float.isNaN(mean[cols + 1])
                        && Float.isNaN(var[3])
                        && Float.isNaN(var[cols + 4]),
                "columnMeanVariance wrote outside its outputs");
    }

    private static void close(double expected, float actual, double tol, Supplier<String> ctx) {
        double err = Math.abs(actual - expected);
        if (!(err <= tol)) {
            throw new AssertionError(ctx.get() + ": expected " + expected + " got " + actual + " (error " + err
                    + " > tolerance " + tol + ")");
        }
    }

    // ---------------------------------------------------------------- deterministic sweeps

    @Test
    void everyLengthAndOffset() {
        SplittableRandom r = Qt.random(1);
        for (int n = 0; n <= Sweep.maxLength(); n++) {
            for (int off = 0; off <= Sweep.maxOffset(); off++) {
                // NaN guards around the range: a kernel that reads outside it returns NaN and fails.
                float[] a = Sweep.embed(Sweep.uniform(r, n, -1, 1), off, 3);
                float[] b = Sweep.embed(Sweep.uniform(r, n, -1, 1), (off * 7) % 5, 2);
                String ctx = "n=" + n + " off=" + off;
                checkSum(a, off, n, ctx);
                checkDot(a, off, b, (off * 7) % 5, n, ctx);
                checkSquares(a, off, n, ctx);
                if (n > 0) {
                    checkMax(a, off, n, ctx);
                    checkMeanVariance(a, off, n, ctx);
                }
            }
        }
    }

    @Test
    void emptyRangesAreZero() {
        float[] a = {Float.NaN};
        assertEquals(0f, Reductions.sum(a, 1, 0));
        assertEquals(0f, Reductions.dot(a, 0, a, 1, 0));
        assertEquals(0f, Reductions.sumOfSquares(a, 0, 0));
        assertEquals(0f, Reductions.l2Norm(a, 1, 0));
        assertEquals(0f, Reductions.sum(new float[0]));
    }

    @Test
    void maxAndArgmaxAtEveryPositionAndNaN() {
        for (int n = 1; n <= Sweep.maxLength(); n++) {
            for (int p = 0; p < n; p++) {
                float[] a = new float[n + 2];
                java.util.Arrays.fill(a, -5f);
                a[1 + p] = 3f;
                if (p + 1 < n) {
                    a[2 + p] = 3f; // a tie after the first maximum: argmax must keep the first
                }
                assertEquals(3f, Reductions.max(a, 1, n));
                assertEquals(p, Reductions.argmax(a, 1, n), "n=" + n + " p=" + p);
                a[1 + p] = Float.NaN;
                a[1 + n - 1] = Float.NaN;
                assertTrue(Float.isNaN(Reductions.max(a, 1, n)), "max with NaN, n=" + n + " p=" + p);
                assertEquals(p, Reductions.argmax(a, 1, n), "argmax of first NaN, n=" + n + " p=" + p);
            }
        }
        assertEquals(0, Reductions.argmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 0, 2));
        assertEquals(Float.NEGATIVE_INFINITY, Reductions.max(new float[] {Float.NEGATIVE_INFINITY}, 0, 1));
        assertEquals(0f, Reductions.max(new float[] {-0f, 0f, -0f}, 0, 3));
    }

    @Test
    void columnSumsAndMinMaxOfBatchesThatStreamFromMemory() {
        // Over 2^20 floats with rows under 1024: one row from each quarter of the batch per step, rows left over
        // after the quarters (4103 = 4 * 1025 + 3; min/max start from row 0, so their quarters split 4102 rows and
        // leave 2). The outputs start as garbage: they must be overwritten, not added to.
        SplittableRandom r = new SplittableRandom(11);
        int rows = 4103;
        int cols = 259;
        int ld = 261;
        float[] a = new float[1 + rows * ld];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-4, 4);
        }
        a[1 + (rows - 1) * ld + 5] = 100f; // maximum of column 5 in the very last row
        a[1 + (rows - 2) * ld + 6] = 100f; // and of column 6 in the one before
        a[1 + 3 * ld + 258] = -100f; // minimum of the scalar-tail column near the top
        float[] sums = new float[cols + 2];
        java.util.Arrays.fill(sums, 7f);
        Gemm.columnSums(a, 1, rows, cols, ld, sums, 2);
        float[] min = new float[cols];
        float[] max = new float[cols];
        java.util.Arrays.fill(min, -1e9f);
        java.util.Arrays.fill(max, 1e9f);
        Reductions.columnMinMax(a, 1, rows, cols, ld, min, 0, max, 0);
        for (int c = 0; c < cols; c++) {
            double s = 0;
            double abs = 0;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < rows; i++) {
                float v = a[1 + i * ld + c];
                s += v;
                abs += Math.abs(v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            close(s, sums[2 + c], rows * U * abs, () -> "column sum");
            assertEquals(lo, min[c], "min col " + c);
            assertEquals(hi, max[c], "max col " + c);
        }
    }

    @Test
    void maxHasMathMaxSemanticsForSpecialValuesInEveryLane() {
        // The vector max compares float bits as integers (negative floats order in reverse, NaN sits above infinity):
        // signed zeros, subnormals, infinities and NaNs of either sign, in the vector body and in the tail, and inputs
        // that are all negative, all NaN-free or all zero.
        float negNaN = Float.intBitsToFloat(0xffc00001);
        float[] pool = {
            -0f,
            0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL,
            -Float.MIN_NORMAL,
            1f,
            -1f,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            negNaN
        };
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 1; n <= Sweep.maxLength(); n++) {
            for (int trial = 0; trial < 40; trial++) {
                // trial % 4: 0 = anything, 1 = no NaN, 2 = negative values and -0 only, 3 = zeros of both signs only
                int kinds = trial % 4 == 0 ? pool.length : trial % 4 == 1 ? pool.length - 2 : trial % 4 == 2 ? 6 : 2;
                float[] a = new float[n + 1];
                float expected = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float v = trial % 4 == 2 ? -Math.abs(pool[r.nextInt(kinds)]) : pool[r.nextInt(kinds)];
                    a[1 + i] = v;
                    expected = Math.max(expected, v);
                }
                float got = Reductions.max(a, 1, n);
                String ctx = "n=" + n + " " + java.util.Arrays.toString(a);
                assertEquals(expected, got, ctx);
                if (!Float.isNaN(expected)) {
                    assertEquals(
                            Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got), "sign of zero, " + ctx);
                }
            }
        }
    }

    @Test
    void maxAndArgmaxAcrossLongInputs() {
        // Long inputs are reduced block by block (64 KiB blocks in the vector backend): the maximum, ties and NaN at
        // block edges and in the partial last block.
        int n = 3 * (1 << 14) + 5;
        for (int p : new int[] {0, (1 << 14) - 1, 1 << 14, 2 * (1 << 14) + 7, n - 1}) {
            float[] a = new float[n + 1];
            for (int i = 0; i < a.length; i++) {
                a[i] = -1f - (i % 97);
            }
            a[1 + p] = 2f;
            a[n] = 2f; // a tie in the last element: argmax keeps the first
            assertEquals(2f, Reductions.max(a, 1, n));
            assertEquals(p, Reductions.argmax(a, 1, n), "p=" + p);
            a[1 + p] = Float.NaN;
            assertTrue(Float.isNaN(Reductions.max(a, 1, n)), "NaN at " + p);
            assertEquals(p, Reductions.argmax(a, 1, n), "first NaN at " + p);
        }
        // the maximum in an early block, a NaN in a later one: the NaN's position
        float[] b = new float[n];
        b[5] = 9f;
        b[2 * (1 << 14) + 3] = Float.NaN;
        assertEquals(2 * (1 << 14) + 3, Reductions.argmax(b, 0, n));
        // -0 and +0 in different blocks compare equal: the first one wins
        float[] z = new float[n];
        java.util.Arrays.fill(z, -1f);
        z[7] = -0f;
        z[(1 << 14) + 7] = 0f;
        assertEquals(7, Reductions.argmax(z, 0, n));
    }

    @Test
    void l2NormNeitherOverflowsNorUnderflows() {
        for (int n : new int[] {1, 3, 17, 100, 1000}) {
            for (float v :
                    new float[] {1e30f, 3e38f, Float.MAX_VALUE / 4, 1e-30f, 1e-40f, Float.MIN_VALUE, Float.MIN_NORMAL
                    }) {
                float[] a = new float[n];
                java.util.Arrays.fill(a, v);
                double expected = Math.sqrt(n) * v;
                float got = Reductions.l2Norm(a, 0, n);
                if (expected > Float.MAX_VALUE) {
                    assertEquals(Float.POSITIVE_INFINITY, got, "norm beyond MAX_VALUE, n=" + n + " v=" + v);
                } else {
                    // subnormal inputs are themselves coarse: add half an ulp of the smallest subnormal per element
                    close(
                            expected,
                            got,
                            (n / 2.0 + 2) * U * expected + Float.MIN_VALUE * Math.sqrt(n),
                            () -> "n=" + n + " v=" + v);
                }
            }
        }
        float[] mixed = {1e-30f, 2e-30f, -2e-30f};
        close(3e-30, Reductions.l2Norm(mixed, 0, 3), 4 * U * 3e-30, () -> "tiny mixed");
        float[] big = {3e38f, 0f, -4e37f};
        close(Math.hypot(3e38, 4e37), Reductions.l2Norm(big, 0, 3), 4 * U * 3.1e38, () -> "big mixed");
        assertEquals(Float.POSITIVE_INFINITY, Reductions.l2Norm(new float[] {1f, Float.NEGATIVE_INFINITY}, 0, 2));
        assertTrue(Float.isNaN(Reductions.l2Norm(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY}, 0, 3)));
    }

    @Test
    void nanInNanOut() {
        for (int n : new int[] {1, 5, 40, 200}) {
            for (int p : new int[] {0, n / 2, n - 1}) {
                float[] a = new float[n];
                java.util.Arrays.fill(a, 2f);
                a[p] = Float.NaN;
                float[] out = new float[2];
                Reductions.meanVariance(a, 0, n, out, 0);
                assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]), "meanVariance n=" + n + " p=" + p);
                assertTrue(Float.isNaN(Reductions.sum(a, 0, n)));
                float[] m = new float[1];
                float[] v = new float[1];
                Reductions.columnMeanVariance(a, 0, n, 1, 1, m, 0, v, 0);
                assertTrue(Float.isNaN(m[0]) && Float.isNaN(v[0]), "column stats n=" + n + " p=" + p);
            }
        }
    }

    // ---------------------------------------------------------------- column statistics

    @Test
    void columnStatisticsOfOddShapes() {
        int l = Math.max(4, Simdnn.backend().floatLanes());
        SplittableRandom r = Qt.random(2);
        for (int cols : new int[] {1, l - 1, l, l + 1, 2 * l + 3, 257}) {
            for (int rows : new int[] {1, 2, 3, 4, 5, 7, 33, 513, 1000}) {
                for (int pad : new int[] {0, 3}) {
                    int ld = cols + pad;
                    int off = 2;
                    float[] a = Sweep.embed(Sweep.gaussian(r, (rows - 1) * ld + cols, 3, 2), off, 1);
                    checkColumns(a, off, rows, cols, ld, "pad " + pad);
                }
            }
        }
    }

    @Test
    void columnStatisticsBeyondOneColumnBlock() {
        SplittableRandom r = Qt.random(3);
        for (int cols : new int[] {1024, 1031, 2100}) {
            int rows = 9;
            float[] a = Sweep.gaussian(r, rows * (cols + 1), -50, 4);
            checkColumns(a, 0, rows, cols, cols + 1, "");
        }
        // Above 4 MiB with short rows the vector kernel streams one row at a time instead of four.
        int rows = 4203;
        int cols = 251;
        float[] a = Sweep.gaussian(r, rows * cols, 1000, 3);
        checkColumns(a, 0, rows, cols, cols, "large batch");
    }

    @Test
    void columnMinMaxStreamsRows() {
        SplittableRandom r = Qt.random(4);
        int l = Math.max(4, Simdnn.backend().floatLanes());
        for (int cols : new int[] {1, l - 1, l + 1, 257}) {
            for (int rows : new int[] {1, 3, 100}) {
                int ld = cols + 2;
                float[] a = Sweep.uniform(r, (rows - 1) * ld + cols + 1, -9, 9);
                float[] min = new float[cols];
                float[] max = new float[cols];
                Reductions.columnMinMax(a, 1, rows, cols, ld, min, 0, max, 0);
                for (int c = 0; c < cols; c++) {
                    float lo = Float.POSITIVE_INFINITY;
                    float hi = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < rows; i++) {
                        lo = Math.min(lo, a[1 + i * ld + c]);
                        hi = Math.max(hi, a[1 + i * ld + c]);
                    }
                    assertEquals(lo, min[c], "min col " + c);
                    assertEquals(hi, max[c], "max col " + c);
                }
            }
        }
    }

    // ---------------------------------------------------------------- far from zero

    @Test
    void statisticsFarFromZeroMatchDouble() {
        SplittableRandom r = Qt.random(5);
        for (int n : new int[] {2, 100, 65536}) {
            float[] a = Sweep.gaussian(r, n, 10_000, 1);
            Stats exact = Stats.of(a, 0, n, 1);
            float[] out = new float[2];
            Reductions.meanVariance(a, 0, n, out, 0);
            assertTrue(
                    Math.abs(out[1] - exact.var()) <= 1e-3 * exact.var(),
                    "meanVariance n=" + n + ": " + out[1] + " vs " + exact.var());
            exact.check(out[0], out[1], () -> "far from zero n=" + n);

            int cols = n == 65536 ? 7 : 19;
            float[] b = Sweep.gaussian(r, n * cols, 10_000, 1);
            float[] mean = new float[cols];
            float[] var = new float[cols];
            Reductions.columnMeanVariance(b, 0, n, cols, cols, mean, 0, var, 0);
            for (int c = 0; c < cols; c++) {
                Stats e = Stats.of(b, c, n, cols);
                assertTrue(
                        Math.abs(var[c] - e.var()) <= 1e-3 * e.var(),
                        "column " + c + " n=" + n + ": " + var[c] + " vs " + e.var());
                int cc = c;
                e.check(mean[c], var[c], () -> "far from zero column " + cc + " n=" + n);
            }
        }
    }

    @Test
    void rowPermutationAndShiftInvariance() {
        SplittableRandom r = Qt.random(6);
        int rows = 777;
        int cols = 21;
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (r.nextInt(513) - 256) / 256f; // on a grid, so that adding 4096 is exact
        }
        float[] m0 = new float[cols];
        float[] v0 = new float[cols];
        Reductions.columnMeanVariance(a, 0, rows, cols, cols, m0, 0, v0, 0);

        float[] perm = a.clone();
        for (int i = rows - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float[] row = new float[cols];
            System.arraycopy(perm, i * cols, row, 0, cols);
            System.arraycopy(perm, j * cols, perm, i * cols, cols);
            System.arraycopy(row, 0, perm, j * cols, cols);
        }
        float[] shifted = a.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 4096f;
        }
        float[] m1 = new float[cols];
        float[] v1 = new float[cols];
        float[] m2 = new float[cols];
        float[] v2 = new float[cols];
        Reductions.columnMeanVariance(perm, 0, rows, cols, cols, m1, 0, v1, 0);
        Reductions.columnMeanVariance(shifted, 0, rows, cols, cols, m2, 0, v2, 0);
        for (int c = 0; c < cols; c++) {
            Stats e = Stats.of(a, c, rows, cols);
            Stats es = Stats.of(shifted, c, rows, cols);
            close(m0[c], m1[c], 2 * e.meanTol(), () -> "permuted mean");
            close(v0[c], v1[c], 2 * e.varTol(), () -> "permuted variance");
            close(m0[c] + 4096.0, m2[c], e.meanTol() + es.meanTol(), () -> "shifted mean");
            close(v0[c], v2[c], e.varTol() + es.varTol(), () -> "shifted variance");
        }
        // the same for the 1-D statistics
        float[] o0 = new float[2];
        float[] o2 = new float[2];
        Reductions.meanVariance(a, 0, a.length, o0, 0);
        Reductions.meanVariance(shifted, 0, a.length, o2, 0);
        Stats e = Stats.of(a, 0, a.length, 1);
        close(o0[1], o2[1], 2 * Stats.of(shifted, 0, a.length, 1).varTol(), () -> "1-D shifted variance");
        close(
                o0[0] + 4096.0,
                o2[0],
                Stats.of(shifted, 0, a.length, 1).meanTol() + e.meanTol(),
                () -> "1-D shifted mean");
    }

    @Test
    void constantDataHasZeroVariance() {
        for (int n : new int[] {1, 2, 63, 64, 1000}) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, 12345.678f);
            float[] out = new float[2];
            Reductions.meanVariance(a, 0, n, out, 0);
            assertEquals(12345.678f, out[0]);
            assertEquals(0f, out[1]);
            float[] m = new float[1];
            float[] v = new float[1];
            Reductions.columnMeanVariance(a, 0, n, 1, 1, m, 0, v, 0);
            assertEquals(12345.678f, m[0]);
            assertEquals(0f, v[0]);
        }
    }

    // ---------------------------------------------------------------- random properties

    @Test
    void randomLengthsOffsetsAndScales() {
        Qt.qt()
                .forAll(
                        integers().between(1, 3000),
                        integers().between(0, 17),
                        integers().between(-30, 30),
                        longs().all())
                .checkAssert((n, off, exp, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double scale = Math.scalb(1.0, exp);
                    double center = r.nextBoolean() ? 0 : scale * r.nextDouble(-1000, 1000);
                    float[] a = Sweep.embed(Sweep.uniform(r, n, center - scale, center + scale), off, 1);
                    float[] b = Sweep.embed(Sweep.uniform(r, n, -1, 1), 0, 0);
                    String ctx = "n=" + n + " off=" + off + " scale=2^" + exp + " center=" + center;
                    checkSum(a, off, n, ctx);
                    checkDot(a, off, b, 0, n, ctx);
                    checkSquares(a, off, n, ctx);
                    checkMax(a, off, n, ctx);
                    checkMeanVariance(a, off, n, ctx);
                });
    }

    @Test
    void randomColumnShapes() {
        Qt.qt()
                .forAll(
                        integers().between(1, 300),
                        integers().between(1, 70),
                        integers().between(0, 5),
                        longs().all())
                .checkAssert((rows, cols, pad, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    double center = r.nextDouble(-1e4, 1e4);
                    float[] a = Sweep.embed(
                            Sweep.gaussian(r, (rows - 1) * (cols + pad) + cols, center, 1 + r.nextDouble(9)), pad, 0);
                    checkColumns(a, pad, rows, cols, cols + pad, "center " + center);
                });
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputIsRefusedWithShapes() {
        float[] a = new float[10];
        float[] out = new float[2];
        message(() -> Reductions.sum(null, 0, 1), "x is null");
        message(() -> Reductions.sum(a, -1, 1), "negative offset");
        message(() -> Reductions.sum(a, 0, -1), "negative length");
        message(() -> Reductions.sum(a, 5, 6), "needs 6 elements from offset 5");
        message(() -> Reductions.dot(a, 0, new float[3], 0, 4), "y: needs 4");
        message(() -> Reductions.dot(a, new float[3]), "x has length 10 but y has length 3");
        message(() -> Reductions.max(a, 3, 0), "max: x range [3, 3) is empty");
        message(() -> Reductions.argmax(a, 0, 0), "argmax");
        message(() -> Reductions.meanVariance(a, 0, 0, out, 0), "meanVariance: x range [0, 0) is empty");
        message(() -> Reductions.meanVariance(a, 0, 3, out, 1), "out: needs 2 elements from offset 1");
        message(() -> Reductions.meanVariance(new float[0]), "is empty");
        float[] m = new float[4];
        float[] v = new float[4];
        message(() -> Reductions.columnMeanVariance(a, 0, 0, 4, 4, m, 0, v, 0), "x (0 x 4) has no rows");
        message(() -> Reductions.columnMeanVariance(a, 0, 3, 4, 4, m, 0, v, 0), "x (3 x 4");
        message(() -> Reductions.columnMeanVariance(a, 0, 2, 4, 3, m, 0, v, 0), "leading dimension 3");
        message(() -> Reductions.columnMeanVariance(a, 0, 2, 4, 4, m, 1, v, 0), "mean: needs 4");
        message(() -> Reductions.columnMeanVariance(a, 0, 2, 4, 4, m, 0, m, 0), "overlap");
        message(() -> Reductions.columnMeanVariance(a, 0, 2, 2, 2, a, 3, v, 0), "overlaps the batch x (2 x 2");
        message(() -> Reductions.columnMinMax(a, 0, 2, 4, 4, m, 0, a, 6), "max [6, 10) overlaps the batch");
        message(() -> Reductions.columnMinMax(a, 0, 0, 4, 4, m, 0, v, 0), "columnMinMax: x (0 x 4) has no rows");
    }

    private static void message(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
