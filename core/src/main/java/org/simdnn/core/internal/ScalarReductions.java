package org.simdnn.core.internal;

/**
 * Scalar twin of the reductions: the reference the vector kernels are benchmarked against and the fallback when
 * the Vector API is unavailable. Plain loops; float accumulation where the vector kernel accumulates in float,
 * double where it needs double for accuracy, so both have the same error contract.
 */
public final class ScalarReductions implements ReductionKernels {

  @Override
  public float sum(float[] x, int off, int len) {
    float s = 0f;
    for (int i = off, end = off + len; i < end; i++) {
      s += x[i];
    }
    return s;
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    float s = 0f;
    for (int i = 0; i < len; i++) {
      s = Math.fma(x[xOff + i], y[yOff + i], s);
    }
    return s;
  }

  @Override
  public float sumOfSquares(float[] x, int off, int len) {
    float s = 0f;
    for (int i = off, end = off + len; i < end; i++) {
      s = Math.fma(x[i], x[i], s);
    }
    return s;
  }

  @Override
  public float max(float[] x, int off, int len) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = off, end = off + len; i < end; i++) {
      m = Math.max(m, x[i]);
    }
    return m;
  }

  @Override
  public int argmax(float[] x, int off, int len) {
    int best = 0;
    float m = x[off];
    for (int i = 0; i < len; i++) {
      float v = x[off + i];
      if (v != v) {
        return i;
      }
      if (v > m) {
        m = v;
        best = i;
      }
    }
    return best;
  }

  @Override
  public float l2Norm(float[] x, int off, int len) {
    // Scale by the largest magnitude so that neither huge nor tiny inputs overflow/underflow the squares.
    float scale = 0f;
    for (int i = off, end = off + len; i < end; i++) {
      scale = Math.max(scale, Math.abs(x[i]));
    }
    if (scale == 0f || Float.isInfinite(scale) || scale != scale) {
      return scale;
    }
    double inv = 1.0 / scale;
    double s = 0.0;
    for (int i = off, end = off + len; i < end; i++) {
      double v = x[i] * inv;
      s += v * v;
    }
    return (float) (scale * Math.sqrt(s));
  }

  @Override
  public void meanVariance(float[] x, int off, int len, float[] out, int outOff) {
    // Shifted sums in double: exact enough for any float data, one pass.
    double shift = x[off];
    double s = 0.0;
    double ss = 0.0;
    for (int i = off, end = off + len; i < end; i++) {
      double d = x[i] - shift;
      s += d;
      ss += d * d;
    }
    double mean = s / len;
    out[outOff] = (float) (shift + mean);
    out[outOff + 1] = (float) Math.max(0.0, ss / len - mean * mean);
  }

  @Override
  public void columnMeanVariance(float[] x, int off, int rows, int cols, int ld, float[] mean, int meanOff,
      float[] var, int varOff) {
    for (int c = 0; c < cols; c++) {
      double shift = x[off + c];
      double s = 0.0;
      double ss = 0.0;
      for (int r = 0, p = off + c; r < rows; r++, p += ld) {
        double d = x[p] - shift;
        s += d;
        ss += d * d;
      }
      double m = s / rows;
      mean[meanOff + c] = (float) (shift + m);
      var[varOff + c] = (float) Math.max(0.0, ss / rows - m * m);
    }
  }
}
