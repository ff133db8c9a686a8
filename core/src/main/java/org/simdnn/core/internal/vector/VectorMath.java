package org.simdnn.core.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector versions of the transcendental activations, shared by every vector kernel so all have the same accuracy
 * contract (absolute error <= 1e-6 everywhere, relative error <= 1e-5 where |f(x)| >= 1e-30, exact edge values).
 */
public final class VectorMath {
  private VectorMath() {}

  /** Lane-wise tanh. */
  public static FloatVector tanh(FloatVector x) {
    return x.lanewise(VectorOperators.TANH);
  }

  /** Lane-wise logistic function. */
  public static FloatVector sigmoid(FloatVector x) {
    FloatVector one = FloatVector.broadcast(x.species(), 1f);
    return one.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
  }
}
