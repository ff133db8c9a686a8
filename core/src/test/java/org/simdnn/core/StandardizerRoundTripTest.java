package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * What {@link Standardizer#fit} (and {@link Standardizer#fitRange}) produce, {@link Standardizer#of} accepts: the
 * parameters a model file saves must load again. Random batches mix ordinary features with the extremes: constants
 * from the subnormals to {@code Float.MAX_VALUE} (1e30 among them), {@code +-3e38}, spreads whose reciprocal
 * overflows, and ranges of every exponent.
 */
class StandardizerRoundTripTest {

    /** One feature column of a random kind. */
    private static void feature(SplittableRandom r, float[] x, int rows, int cols, int c) {
        float constant = switch (r.nextInt(4)) {
            case 0 -> 1e30f;
            case 1 -> r.nextBoolean() ? 3e38f : -Float.MAX_VALUE;
            case 2 -> Math.scalb((float) r.nextDouble(-2, 2), r.nextInt(-149, 127));
            default -> (float) r.nextDouble(-1e4, 1e4);
        };
        int kind = r.nextInt(7);
        for (int i = 0; i < rows; i++) {
            x[i * cols + c] = switch (kind) {
                case 0 -> constant;
                case 1 -> r.nextBoolean() ? 3e38f : -3e38f;
                case 2 -> r.nextBoolean() ? Float.MAX_VALUE : -Float.MAX_VALUE;
                case 3 -> i % 2 == 0 ? 0f : Float.MIN_VALUE;
                case 4 -> Math.scalb((float) r.nextDouble(-2, 2), r.nextInt(-149, 127));
                case 5 ->
                    (float) Math.max(
                            -Float.MAX_VALUE, Math.min(Float.MAX_VALUE, constant * (1 + r.nextDouble(-1e-3, 1e-3))));
                default -> (float) (r.nextDouble(-3, 3) * 1e3);
            };
        }
    }

    private static float[] batch(SplittableRandom r, int rows, int cols) {
        float[] x = new float[rows * cols];
        for (int c = 0; c < cols; c++) {
            feature(r, x, rows, cols, c);
        }
        return x;
    }

    private static void roundTrips(Standardizer s, float[] x, int rows, int cols, String ctx) {
        float[] mean = s.mean();
        float[] std = s.std();
        Standardizer back;
        try {
            back = Standardizer.of(mean, std);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(ctx + ": the fitted parameters do not load: " + e.getMessage(), e);
        }
        assertArrayEquals(mean, back.mean(), ctx);
        assertArrayEquals(std, back.std(), ctx);
        float[] y0 = new float[x.length];
        float[] y1 = new float[x.length];
        s.transform(x, 0, rows, cols, cols, y0, 0, cols);
        back.transform(x, 0, rows, cols, cols, y1, 0, cols);
        assertArrayEquals(y0, y1, ctx);
    }

    @Test
    void theIssueCaseAConstantFeatureOf1e30() {
        float[] x = {1e30f, 1f, 1e30f, 2f, 1e30f, 3f};
        for (int rows : new int[] {3}) {
            Standardizer s = Standardizer.fit(x, 0, rows, 2, 2);
            assertEquals(1e30f, s.mean()[0]);
            assertEquals(1f, s.std()[0], "a constant feature gets std 1");
            roundTrips(s, x, rows, 2, "1e30");
        }
        // 40 rows: more than the 32 rows of the statistics' shift
        float[] y = new float[40];
        java.util.Arrays.fill(y, 1e30f);
        Standardizer s = Standardizer.fit(y, 0, 40, 1, 1);
        assertEquals(1f, s.std()[0]);
        roundTrips(s, y, 40, 1, "40 rows of 1e30");
    }

    @Test
    void aSpreadBeyondTheFloatVarianceRangeKeepsAFiniteStd() {
        float[] x = {3e38f, -3e38f, 3e38f, -3e38f};
        Standardizer s = Standardizer.fit(x, 0, 4, 1, 1);
        assertEquals(3e38, s.std()[0], 3e38 * 1e-6);
        assertEquals(0f, s.mean()[0]);
        roundTrips(s, x, 4, 1, "+-3e38");
        float[] y = new float[4];
        s.transform(x, 0, 4, 1, 1, y, 0, 1);
        for (int i = 0; i < 4; i++) {
            assertEquals(i % 2 == 0 ? 1 : -1, y[i], 1e-6);
        }
    }

    @Test
    void randomFitOutcomesLoadAgain() {
        Qt.qt()
                .forAll(integers().between(1, 80), integers().between(1, 40), longs().all())
                .checkAssert((rows, cols, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    float[] x = batch(r, rows, cols);
                    String ctx = rows + " x " + cols + " seed " + seed;
                    Standardizer s = Standardizer.fit(x, 0, rows, cols, cols);
                    for (float v : s.std()) {
                        assertTrue(v > 0f && Float.isFinite(v) && Float.isFinite(1f / v), ctx + ": std " + v);
                    }
                    roundTrips(s, x, rows, cols, "fit " + ctx);
                    float[] y = new float[x.length];
                    s.transform(x, 0, rows, cols, cols, y, 0, cols);
                    for (int i = 0; i < y.length; i++) {
                        // |x - mean| / std <= sqrt(rows) for the fitted data
                        assertTrue(Float.isFinite(y[i]), ctx + ": transform of " + x[i] + " is " + y[i]);
                    }
                    float lo = (float) r.nextDouble(-2, 0);
                    float hi = lo + (float) r.nextDouble(0.5, 4);
                    Standardizer range;
                    try {
                        range = Standardizer.fitRange(x, 0, rows, cols, cols, lo, hi);
                    } catch (IllegalArgumentException e) {
                        // a span the affine map cannot represent in float is refused, naming the feature
                        assertTrue(e.getMessage().contains("feature"), e.getMessage());
                        return;
                    }
                    roundTrips(range, x, rows, cols, "fitRange " + ctx);
                });
    }

    @Test
    void transformingTheFittedDataStaysFiniteWhereXMinusMeanOverflows() {
        // x - mean beyond Float.MAX_VALUE: -3e38 - 1e38, -MAX - MAX/3, 3e38 - (-1.5e38)
        float[][] cases = {
            {3e38f, -3e38f, 3e38f},
            {Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE},
            {-3e38f, -3e38f, -3e38f, 3e38f}
        };
        for (float[] x : cases) {
            int n = x.length;
            Standardizer s = Standardizer.fit(x, 0, n, 1, 1);
            float[] y = new float[n];
            s.transform(x, 0, n, 1, 1, y, 0, 1);
            double m = s.mean()[0];
            double sd = s.std()[0];
            for (int i = 0; i < n; i++) {
                double exact = (x[i] - m) / sd;
                assertTrue(
                        Math.abs(y[i] - exact) <= 4 * 0x1p-24 * Math.abs(exact) + 0x1p-126,
                        "(" + x[i] + " - " + m + ") / " + sd + ": " + y[i] + " vs " + exact);
            }
            // every vector lane and the scalar tail
            int cols = 37;
            float[] wide = new float[n * cols];
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(wide, i * cols, (i + 1) * cols, x[i]);
            }
            Standardizer w = Standardizer.fit(wide, 0, n, cols, cols);
            w.transform(wide, 0, n, cols, cols);
            for (int i = 0; i < wide.length; i++) {
                assertEquals(y[i / cols], wide[i], "element " + i);
            }
        }
    }

    @Test
    void fitRangeRefusesASpanBeyondTheFloatRange() {
        float[] x = {-3e38f, 3e38f};
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Standardizer.fitRange(x, 0, 2, 1, 1, 0f, 1f));
        assertTrue(e.getMessage().contains("feature 0"), e.getMessage());
        // the same span onto a target twice as wide fits
        roundTrips(Standardizer.fitRange(x, 0, 2, 1, 1, -1f, 1f), x, 2, 1, "fitRange onto [-1, 1]");
    }
}
