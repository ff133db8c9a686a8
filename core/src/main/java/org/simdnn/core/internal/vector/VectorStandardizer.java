package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.simdnn.core.internal.StandardizerKernels;

/** Vector standardizing map: streams rows, SIMD across features, per-feature parameters reloaded from L1. */
public final class VectorStandardizer implements StandardizerKernels {
  @Override
  public void apply(float[] x, int xOff, int rows, int cols, int ldx, float[] y, int yOff, int ldy, float[] center,
      float[] invScale) {
    int l = F.length();
    int vb = F.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int p = xOff + r * ldx;
      int q = yOff + r * ldy;
      int c = 0;
      for (; c < vb; c += l) {
        // Subtract first: for data far from zero x - center is exact, where x * a + b would cancel.
        FloatVector.fromArray(F, x, p + c).sub(FloatVector.fromArray(F, center, c))
            .mul(FloatVector.fromArray(F, invScale, c)).intoArray(y, q + c);
      }
      for (; c < cols; c++) {
        y[q + c] = (x[p + c] - center[c]) * invScale[c];
      }
    }
  }
}
