package org.simdnn.core.internal;

/**
 * Scalar float versions of the transcendental activations, shared by every scalar twin so that all of them have
 * the same accuracy. Computed in double precision and rounded once: the result is the correctly rounded float in
 * all but rare double-rounding cases (error <= 0.5 ulp + 2^-29 relative).
 */
public final class ScalarMath {
  private ScalarMath() {}

  /** {@code tanh(x)}; exact at +-0, +-Inf; NaN for NaN. */
  public static float tanh(float x) {
    return (float) Math.tanh(x);
  }

  /** {@code 1/(1+e^-x)}; 0 at -Inf, 1 at +Inf, never NaN for non-NaN input. */
  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
  }
}
