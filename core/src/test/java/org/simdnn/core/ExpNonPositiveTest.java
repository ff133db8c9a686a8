package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.vector.VectorMath;

/**
 * {@link VectorMath#expNonPositive}, softmax's exp, against {@link Math#exp} in double over every 64th float of
 * [-88, 0] and the edges: relative error {@code <= 2^-22} for results {@code >= 2^-126}, absolute {@code <= 2^-147}
 * below (subnormal results), 1 at 0, 0 below -87.68 and at -Inf, NaN for NaN, as its Javadoc says.
 */
class ExpNonPositiveTest {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private static float exp(float y) {
        float[] in = new float[F.length()];
        java.util.Arrays.fill(in, y);
        return VectorMath.expNonPositive(FloatVector.fromArray(F, in, 0)).lane(0);
    }

    @Test
    void relativeErrorWithinTheDocumentedBound() {
        int lanes = F.length();
        float[] in = new float[lanes];
        float[] out = new float[lanes];
        double worst = 0;
        int checked = 0;
        // from -0 down to -88 by bit pattern (negative floats grow in magnitude with their bits)
        int from = Float.floatToRawIntBits(-0f);
        int to = Float.floatToRawIntBits(-88f);
        int filled = 0;
        for (int bits = from; bits <= to; bits += 64) {
            in[filled++] = Float.intBitsToFloat(bits);
            if (filled == lanes || bits + 64 > to) {
                VectorMath.expNonPositive(FloatVector.fromArray(F, in, 0)).intoArray(out, 0);
                for (int l = 0; l < filled; l++) {
                    double exact = Math.exp(in[l]);
                    if (exact >= 0x1p-126) {
                        worst = Math.max(worst, Math.abs(out[l] - exact) / exact);
                        checked++;
                    } else if (in[l] >= -87.68f) {
                        assertTrue(out[l] > 0f && Math.abs(out[l] - exact) <= 0x1p-147, in[l] + " -> " + out[l]);
                    } else {
                        assertTrue(out[l] == 0f && exact < Math.exp(-87.68f), in[l] + " -> " + out[l]);
                    }
                }
                filled = 0;
            }
        }
        assertTrue(checked > 1_000_000, checked + " values");
        assertTrue(worst <= 0x1p-22, "largest relative error " + worst);
    }

    @Test
    void edges() {
        assertEquals(1f, exp(0f));
        assertEquals(1f, exp(-0f));
        assertEquals(0f, exp(-88f));
        // the last normal results and the subnormal ones above the cut-off (softmax of a logit 87.3 below the max)
        assertEquals(Math.exp(-87.3f), exp(-87.3f), 0x1p-22 * Math.exp(-87.3f));
        assertEquals(Math.exp(-87.6f), exp(-87.6f), 0x1p-147);
        assertTrue(exp(-87.6f) > 0f);
        assertEquals(0f, exp(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(exp(Float.NaN)));
    }
}
