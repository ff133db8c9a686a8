package org.simdnn.core.internal;

/** Scalar twin of the standardizing map: row-major streaming, one subtraction and one multiplication each. */
public final class ScalarStandardizer implements StandardizerKernels {
  @Override
  public void apply(float[] x, int xOff, int rows, int cols, int ldx, float[] y, int yOff, int ldy, float[] center,
      float[] invScale) {
    for (int r = 0; r < rows; r++) {
      int p = xOff + r * ldx;
      int q = yOff + r * ldy;
      for (int c = 0; c < cols; c++) {
        // Subtract first: for data far from zero x - center is exact, where x * a + b would cancel.
        y[q + c] = (x[p + c] - center[c]) * invScale[c];
      }
    }
  }
}
