package org.simdnn.core;

import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.ReductionKernels;
import org.simdnn.core.internal.ScalarReductions;

/**
 * Reductions over float arrays: sum, dot product, sum of squares, max/argmax, L2 norm, mean and variance, and
 * per-column statistics of a row-major batch.
 */
public final class Reductions {
  private static final ReductionKernels K = BackendSelector.load(ReductionKernels.class,
      "org.simdnn.core.internal.vector.VectorReductions", ScalarReductions::new);

  private Reductions() {}

  /** Sum of {@code x[off, off+len)}; 0 for len 0. */
  public static float sum(float[] x, int off, int len) {
    Checks.range("x", x, off, len);
    return K.sum(x, off, len);
  }

  /** Dot product of {@code x[xOff, xOff+len)} and {@code y[yOff, yOff+len)}; 0 for len 0. */
  public static float dot(float[] x, int xOff, float[] y, int yOff, int len) {
    Checks.range("x", x, xOff, len);
    Checks.range("y", y, yOff, len);
    return K.dot(x, xOff, y, yOff, len);
  }
}
