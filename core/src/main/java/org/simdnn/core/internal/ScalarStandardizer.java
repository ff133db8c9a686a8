package org.simdnn.core.internal;

/** Scalar twin of the standardizing map: row-major streaming, one subtraction and one multiplication each. */
public final class ScalarStandardizer implements StandardizerKernels {
    @Override
    public void apply(
            float[] x,
            int xOff,
            int rows,
            int cols,
            int ldx,
            float[] y,
            int yOff,
            int ldy,
            float[] center,
            float[] invScale) {
        for (int r = 0; r < rows; r++) {
            int p = xOff + r * ldx;
            int q = yOff + r * ldy;
            for (int c = 0; c < cols; c++) {
                // Subtract first: for data far from zero x - center is exact, where x * a + b would cancel.
                float d = x[p + c] - center[c];
                y[q + c] = Float.isInfinite(d) ? wide(x[p + c], center[c], invScale[c]) : d * invScale[c];
            }
        }
    }

    /**
     * {@code (x - center) * invScale} where {@code x - center} is beyond the float range (both near
     * +-Float.MAX_VALUE, of opposite signs; the result itself is moderate, since the scale of such data is large):
     * the halves of both, exact at that size, subtracted without overflow, then the result doubled, so the value
     * has the same two roundings as the ordinary path. Infinite input stays infinite.
     */
    public static float wide(float x, float center, float invScale) {
        return (x * 0.5f - center * 0.5f) * invScale * 2f;
    }
}
