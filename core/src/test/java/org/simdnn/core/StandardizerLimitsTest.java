package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Standardizer's argument checks at their exact limits, its partial-overlap rule with different leading
 * dimensions, and fitRange on target ranges that are neither of width 1 nor centred on 0.
 */
class StandardizerLimitsTest {
    private static void refused(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    /** Feature 0 spans [1, 5], feature 1 is constant 7. */
    private static final float[] DATA = {1, 7, 5, 7, 3, 7};

    @Test
    void fitRangeMapsMinAndMaxOntoAWideOffCentreRange() {
        Standardizer s = Standardizer.fitRange(DATA, 0, 3, 2, 2, 0f, 2f);
        float[] out = new float[6];
        s.transform(DATA, 0, 3, 2, 2, out, 0, 2);
        assertEquals(0f, out[0], 1e-6f);
        assertEquals(2f, out[2], 1e-6f);
        assertEquals(1f, out[4], 1e-6f);
        // a constant feature maps to the middle of [0, 2]
        assertEquals(1f, out[1], 1e-6f);
        assertEquals(1f, out[5], 1e-6f);
        Standardizer t = Standardizer.fitRange(DATA, 0, 3, 2, 2, 3f, 4f);
        t.transform(DATA, 0, 3, 2, 2, out, 0, 2);
        assertEquals(3f, out[0], 1e-6f);
        assertEquals(4f, out[2], 1e-6f);
        assertEquals(3.5f, out[1], 1e-6f);
    }

    @Test
    void fitChecksItsShapeBeforeAnythingElse() {
        refused(() -> Standardizer.fit(null, 0, 0, 3, 3), "x (0 x 3) is null");
        refused(() -> Standardizer.fitRange(new float[6], 0, 0, 3, 3, -1f, 1f), "fitRange", "no rows");
        refused(() -> Standardizer.fitRange(new float[5], 0, 2, 3, 3, -1f, 1f), "x (2 x 3", "needs 6");
    }

    @Test
    void ofRefusesNullArrays() {
        refused(() -> Standardizer.of(null, new float[] {1f}), "mean is null");
        refused(() -> Standardizer.of(new float[] {0f}, null), "std is null");
        assertEquals(
                "Standardizer[2 features]",
                Standardizer.of(new float[2], new float[] {1f, 2f}).toString());
    }

    @Test
    void inPlaceTransformChecksTheMatrix() {
        Standardizer s = Standardizer.of(new float[] {1f, 2f}, new float[] {2f, 4f});
        float[] x = {3, 6, 9, 5, 10, 9};
        s.transform(x, 1, 2, 2, 3);
        assertEquals(3f, x[0]);
        assertEquals(2.5f, x[1]);
        assertEquals(1.75f, x[2]);
        assertEquals(5f, x[3]);
        assertEquals(4.5f, x[4]);
        assertEquals(1.75f, x[5]);
        refused(() -> s.transform(new float[5], 1, 2, 2, 3), "x (2 x 2", "needs 6");
    }

    /**
     * x (3 x 2, ld 5) from offset 0 spans [0, 12); out (ld 4) in the same array may start at 12 or end at x's
     * start, and is refused one element closer.
     */
    @Test
    void outputInTheSameArrayMayTouchButNotPartiallyOverlapTheInput() {
        Standardizer s = Standardizer.of(new float[] {1f, -1f}, new float[] {2f, 0.5f});
        float[] a = new float[12 + 10];
        for (int i = 0; i < 12; i++) {
            a[i] = i;
        }
        s.transform(a, 0, 3, 2, 5, a, 12, 4);
        for (int r = 0; r < 3; r++) {
            assertEquals((a[r * 5] - 1f) / 2f, a[12 + r * 4], 1e-6f);
            assertEquals((a[r * 5 + 1] + 1f) * 2f, a[12 + r * 4 + 1], 1e-6f);
        }
        refused(() -> s.transform(a, 0, 3, 2, 5, a, 11, 4), "partially overlaps x");
        // out (ld 4, spans 10 elements) before x
        assertDoesNotThrow(() -> s.transform(a, 10, 3, 2, 5, a, 0, 4));
        refused(() -> s.transform(a, 9, 3, 2, 5, a, 0, 4), "partially overlaps x");
        // an empty batch never overlaps anything
        assertDoesNotThrow(() -> s.transform(a, 0, 0, 2, 5, a, 1, 4));
        // the same start with another leading dimension is a partial overlap, not in place
        refused(() -> s.transform(a, 0, 3, 2, 5, a, 0, 4), "partially overlaps x");
        // nor do zero features, even where the row spans would interleave
        Standardizer none = Standardizer.of(new float[0], new float[0]);
        assertDoesNotThrow(() -> none.transform(a, 0, 2, 0, 5, a, 1, 5));
        refused(() -> s.transform(new float[11], 0, 3, 2, 5, new float[10], 0, 4), "x (3 x 2", "needs 12");
        refused(() -> s.transform(new float[12], 0, 3, 2, 5, new float[9], 0, 4), "out (3 x 2", "needs 10");
    }

    /** A spread whose reciprocal overflows float gets std 1, like a constant feature. */
    @Test
    void subnormalSpreadGetsUnitScale() {
        Standardizer s = Standardizer.fitRange(new float[] {0f, Float.MIN_VALUE}, 0, 2, 1, 1, 0f, 1f);
        assertEquals(1f, s.std()[0]);
        float[] y = {Float.MIN_VALUE};
        s.transform(y, 0, 1, 1, 1);
        assertTrue(Float.isFinite(y[0]));
    }
}
