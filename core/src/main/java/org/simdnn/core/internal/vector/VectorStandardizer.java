package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.simdnn.core.internal.ScalarStandardizer;
import org.simdnn.core.internal.StandardizerKernels;

/** Vector standardizing map: streams rows, SIMD across features, per-feature parameters reloaded from L1. */
public final class VectorStandardizer implements StandardizerKernels {
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
        int l = F.length();
        int vb = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int p = xOff + r * ldx;
            int q = yOff + r * ldy;
            int c = 0;
            for (; c < vb; c += l) {
                // Subtract first: for data far from zero x - center is exact, where x * a + b would cancel.
                FloatVector xv = FloatVector.fromArray(F, x, p + c);
                FloatVector cv = FloatVector.fromArray(F, center, c);
                FloatVector inv = FloatVector.fromArray(F, invScale, c);
                FloatVector d = xv.sub(cv);
                VectorMask<Float> big = d.test(VectorOperators.IS_INFINITE);
                if (big.anyTrue()) {
                    // see ScalarStandardizer.wide
                    d = d.blend(xv.mul(0.5f).sub(cv.mul(0.5f)), big);
                    inv = inv.blend(inv.mul(2f), big);
                }
                d.mul(inv).intoArray(y, q + c);
            }
            for (; c < cols; c++) {
                float d = x[p + c] - center[c];
                y[q + c] = Float.isInfinite(d)
                        ? ScalarStandardizer.wide(x[p + c], center[c], invScale[c])
                        : d * invScale[c];
            }
        }
    }
}
