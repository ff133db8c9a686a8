package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.vector.VectorMath;

/**
 * {@link VectorMath#expNonPositive}, softmax's exp, against {@link Math#exp} in double over every 64th float of
 * [-87.5, 0] and the edges: relative error {@code <= 2^-22} for results {@code >= 2^-126}, 1 at 0, 0 below -87 and at
 * -Inf, NaN for NaN, as its Javadoc says.
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
    // from -0 down to -87.5 by bit pattern (negative floats grow in magnitude with their bits)
    int from = Float.floatToRawIntBits(-0f);
    int to = Float.floatToRawIntBits(-87.5f);
    int filled = 0;
    for (int bits = from; bits <= to; bits += 64) {
      in[filled++] = Float.intBitsToFloat(bits);
      if (filled == lanes || bits + 64 > to) {
        VectorMath.expNonPositive(FloatVector.fromArray(F, in, 0)).intoArray(out, 0);
        for (int l = 0; l < filled; l++) {
          double exact = Math.exp(in[l]);
          if (exact >= 0x1p-126 && in[l] >= -87f) {
            worst = Math.max(worst, Math.abs(out[l] - exact) / exact);
            checked++;
          } else {
            assertTrue(out[l] >= 0f && out[l] <= 0x1p-125f, in[l] + " -> " + out[l]);
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
    assertEquals(0f, exp(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(exp(Float.NaN)));
  }
}
