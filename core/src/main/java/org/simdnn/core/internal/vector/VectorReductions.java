package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.simdnn.core.internal.ReductionKernels;
import org.simdnn.core.internal.ScalarReductions;

/** Vector API reductions: several independent accumulators, one lane reduction at the end, scalar tail. */
public final class VectorReductions implements ReductionKernels {
  private static final ScalarReductions TAIL = new ScalarReductions();

  @Override
  public float sum(float[] x, int off, int len) {
    int i = 0;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    int step = 4 * F.length();
    for (int bound = len - step; i <= bound; i += step) {
      a0 = a0.add(FloatVector.fromArray(F, x, off + i));
      a1 = a1.add(FloatVector.fromArray(F, x, off + i + F.length()));
      a2 = a2.add(FloatVector.fromArray(F, x, off + i + 2 * F.length()));
      a3 = a3.add(FloatVector.fromArray(F, x, off + i + 3 * F.length()));
    }
    for (int bound = F.loopBound(len); i < bound; i += F.length()) {
      a0 = a0.add(FloatVector.fromArray(F, x, off + i));
    }
    float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      s += x[off + i];
    }
    return s;
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    int i = 0;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    int l = F.length();
    for (int bound = len - 4 * l; i <= bound; i += 4 * l) {
      a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
      a1 = FloatVector.fromArray(F, x, xOff + i + l).fma(FloatVector.fromArray(F, y, yOff + i + l), a1);
      a2 = FloatVector.fromArray(F, x, xOff + i + 2 * l).fma(FloatVector.fromArray(F, y, yOff + i + 2 * l), a2);
      a3 = FloatVector.fromArray(F, x, xOff + i + 3 * l).fma(FloatVector.fromArray(F, y, yOff + i + 3 * l), a3);
    }
    for (int bound = F.loopBound(len); i < bound; i += l) {
      a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
    }
    float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      s = Math.fma(x[xOff + i], y[yOff + i], s);
    }
    return s;
  }

  @Override
  public float sumOfSquares(float[] x, int off, int len) {
    return dot(x, off, x, off, len);
  }

  @Override
  public float max(float[] x, int off, int len) {
    return TAIL.max(x, off, len);
  }

  @Override
  public int argmax(float[] x, int off, int len) {
    return TAIL.argmax(x, off, len);
  }

  @Override
  public float l2Norm(float[] x, int off, int len) {
    return TAIL.l2Norm(x, off, len);
  }

  @Override
  public void meanVariance(float[] x, int off, int len, float[] out, int outOff) {
    TAIL.meanVariance(x, off, len, out, outOff);
  }

  @Override
  public void columnMeanVariance(float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff,
      float[] var, int varOff) {
    TAIL.columnMeanVariance(x, off, rows, cols, ld, mean, meanOff, var, varOff);
  }
}
