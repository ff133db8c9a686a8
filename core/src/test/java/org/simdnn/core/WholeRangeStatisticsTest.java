package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Mean and variance over the whole float range, up to {@code +-Float.MAX_VALUE}, against two passes in double:
 * constant columns from the smallest subnormal to {@code Float.MAX_VALUE} (mean the value itself and variance 0,
 * exactly), and columns mixing {@code +-3e38} with everything in between (the documented bound, and an infinite
 * variance only where the exact variance is beyond {@code Float.MAX_VALUE}). Row counts cover no full vector,
 * fewer rows than the shift uses, whole and partial chunks, and a batch large enough to stream from memory.
 */
class WholeRangeStatisticsTest {
    private static final double U = 0x1p-24;
    /** The absolute part of the documented bounds: the float result itself may be a subnormal. */
    private static final double TINY = 0x1p-149;

    private static final int[] ROWS = {1, 2, 3, 4, 5, 31, 32, 33, 64, 255, 256, 257, 1000, 4100};

    /** Constants of every binary exponent from -149 to 127, both signs, plus decades and the limits. */
    private static float[] constants(SplittableRandom r) {
        List<Float> v = new ArrayList<>();
        for (int e = -149; e <= 127; e++) {
            float mantissa = 1f + (float) r.nextDouble();
            v.add(Math.scalb(mantissa, e));
            v.add(-Math.scalb(1f, e));
        }
        for (int e = 0; e <= 38; e++) {
            v.add(Float.parseFloat("1e" + e));
            v.add(-Float.parseFloat("3e" + e));
        }
        v.add(1.8e25f);
        v.add(3e38f);
        v.add(-3e38f);
        v.add(Float.MAX_VALUE);
        v.add(-Float.MAX_VALUE);
        v.add(Float.MIN_VALUE);
        v.add(Float.MIN_NORMAL);
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }

    @Test
    void constantColumnsHaveTheirValueAsMeanAndZeroVarianceExactly() {
        float[] values = constants(Qt.random(81));
        int cols = values.length;
        for (int rows : ROWS) {
            for (int pad : new int[] {0, 3}) {
                int ld = cols + pad;
                float[] x = new float[rows * ld];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(values, 0, x, r * ld, cols);
                }
                float[] mean = new float[cols];
                float[] var = new float[cols];
                Reductions.columnMeanVariance(x, 0, rows, cols, ld, mean, 0, var, 0);
                for (int c = 0; c < cols; c++) {
                    int cc = c;
                    Supplier<String> ctx = () -> "constant column " + values[cc] + ", " + rows + " rows, ld " + ld;
                    assertEquals(values[c], mean[c], () -> "mean of " + ctx.get());
                    assertEquals(0f, var[c], () -> "variance of " + ctx.get());
                }
            }
            float[] out = new float[2];
            for (float v : values) {
                float[] a = new float[rows];
                java.util.Arrays.fill(a, v);
                Reductions.meanVariance(a, 0, rows, out, 0);
                assertEquals(v, out[0], () -> "1-D mean of " + rows + " x " + v);
                assertEquals(0f, out[1], () -> "1-D variance of " + rows + " x " + v);
            }
        }
    }

    /** One draw from a distribution that reaches +-Float.MAX_VALUE: the extremes often, every exponent sometimes. */
    private static float extreme(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> 3e38f;
            case 1 -> -3e38f;
            case 2 -> r.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
            case 3 -> (float) r.nextDouble(-3e38, 3e38);
            case 4 -> Math.scalb((float) r.nextDouble(-2, 2), r.nextInt(-149, 127));
            default -> (float) r.nextDouble(-1, 1);
        };
    }

    /** Columns of a few families: mixed extremes, one sign near the top, and far-from-zero constants plus noise. */
    private static float[] mixed(SplittableRandom r, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int c = 0; c < cols; c++) {
            int family = c % 4;
            float base = (float) r.nextDouble(1e37, 3.4e38);
            for (int i = 0; i < rows; i++) {
                x[i * cols + c] = switch (family) {
                    case 0 -> extreme(r);
                    case 1 -> r.nextBoolean() ? 3e38f : -3e38f;
                    case 2 -> base - (float) r.nextDouble(0, 1e36);
                    default -> i % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
                };
            }
        }
        return x;
    }

    @Test
    void mixedColumnsUpToFloatMaxMeetTheBound() {
        SplittableRandom r = Qt.random(82);
        int cols = 37;
        int[] rowCounts = java.util.Arrays.copyOf(ROWS, ROWS.length + 1);
        rowCounts[ROWS.length] = 30_000; // 37 columns of 30000 rows stream from memory
        for (int rows : rowCounts) {
            for (int trial = 0; trial < 3; trial++) {
                float[] x = mixed(r, rows, cols);
                float[] mean = new float[cols];
                float[] var = new float[cols];
                Reductions.columnMeanVariance(x, 0, rows, cols, cols, mean, 0, var, 0);
                for (int c = 0; c < cols; c++) {
                    int cc = c;
                    check(x, c, rows, cols, mean[c], var[c], () -> "column " + cc + " of " + rows + " x " + cols);
                }
                // the same data as one 1-D range per column
                float[] out = new float[2];
                for (int c = 0; c < cols; c++) {
                    float[] a = new float[rows];
                    for (int i = 0; i < rows; i++) {
                        a[i] = x[i * cols + c];
                    }
                    Reductions.meanVariance(a, 0, rows, out, 0);
                    int cc = c;
                    check(a, 0, rows, 1, out[0], out[1], () -> "1-D range of column " + cc + ", " + rows + " elements");
                }
            }
        }
    }

    @Test
    void threeRowsOfThreeETo38() {
        float[] x = {3e38f, 3e38f, 3e38f};
        float[] m = new float[1];
        float[] v = new float[1];
        Reductions.columnMeanVariance(x, 0, 3, 1, 1, m, 0, v, 0);
        assertEquals(3e38f, m[0]);
        assertEquals(0f, v[0]);
        float[] out = new float[2];
        Reductions.meanVariance(x, 0, 3, out, 0);
        assertEquals(3e38f, out[0]);
        assertEquals(0f, out[1]);
    }

    @Test
    void tinyDataMeetsTheBoundWithItsAbsoluteTerm() {
        SplittableRandom r = Qt.random(83);
        int cols = 19;
        for (int rows : ROWS) {
            float[] x = new float[rows * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.scalb((float) r.nextDouble(-2, 2), r.nextInt(-149, -60));
            }
            float[] mean = new float[cols];
            float[] var = new float[cols];
            Reductions.columnMeanVariance(x, 0, rows, cols, cols, mean, 0, var, 0);
            for (int c = 0; c < cols; c++) {
                int cc = c;
                check(x, c, rows, cols, mean[c], var[c], () -> "tiny column " + cc + " of " + rows);
            }
        }
    }

    /**
     * The documented bounds: {@code |mean - mu| <= u(|mu| + 512 R) + 2^-149} and
     * {@code |var - V| <= u(V + 768 D^2) + 2^-149} with {@code D^2 <= V + R^2}; the mean always finite, the
     * variance infinite exactly when V beyond that bound exceeds {@code Float.MAX_VALUE}.
     */
    private static void check(float[] a, int off, int n, int stride, float mean, float var, Supplier<String> ctx) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i * stride];
        }
        double mu = s / n;
        double sq = 0;
        double spread = 0;
        for (int i = 0; i < n; i++) {
            double d = a[off + i * stride] - mu;
            sq += d * d;
            spread = Math.max(spread, Math.abs(d));
        }
        double v = sq / n;
        double meanTol = U * (Math.abs(mu) + 512 * spread) + TINY;
        double varTol = U * (v + 768 * (v + spread * spread)) + TINY;
        assertTrue(Float.isFinite(mean), () -> ctx.get() + ": mean " + mean + " of finite data, exact " + mu);
        assertTrue(
                Math.abs(mean - mu) <= meanTol,
                () -> ctx.get() + ": mean " + mean + " vs exact " + mu + " (tolerance " + meanTol + ")");
        if (v - varTol > Float.MAX_VALUE) {
            assertEquals(Float.POSITIVE_INFINITY, var, () -> ctx.get() + ": exact variance " + v);
        } else if (v + varTol <= Float.MAX_VALUE) {
            assertTrue(
                    Float.isFinite(var) && Math.abs(var - v) <= varTol,
                    () -> ctx.get() + ": variance " + var + " vs exact " + v + " (tolerance " + varTol + ")");
        } else {
            assertTrue(
                    var == Float.POSITIVE_INFINITY || Math.abs(var - v) <= varTol,
                    () -> ctx.get() + ": variance " + var + " vs exact " + v);
        }
    }
}
