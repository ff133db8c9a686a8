package org.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Error propagation of ratios and throughputs. */
class EstimateTest {

    @Test
    void quotientErrorAddsRelativeErrorsInQuadrature() {
        Estimate q = new Estimate(300, 30).divide(new Estimate(100, 20));
        assertEquals(3.0, q.value(), 1e-12);
        // 3 x sqrt(0.1^2 + 0.2^2)
        assertEquals(3.0 * Math.sqrt(0.05), q.error(), 1e-12);
    }

    @Test
    void throughputKeepsTheRelativeErrorOfTheTime() {
        Estimate t = new Estimate(200, 10).reciprocalTimes(1000);
        assertEquals(5.0, t.value(), 1e-12);
        assertEquals(0.25, t.error(), 1e-12);
    }

    @Test
    void coversTellsWhetherAThresholdIsInsideTheErrorBar() {
        Estimate e = new Estimate(10, 1);
        assertTrue(e.covers(9.5));
        assertTrue(e.covers(11));
        assertFalse(e.covers(11.01));
    }

    @Test
    void negativeOrNanErrorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Estimate(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Estimate(1, Double.NaN));
    }
}
