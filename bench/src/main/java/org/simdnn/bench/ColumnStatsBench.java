package org.simdnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.simdnn.core.Reductions;
import org.simdnn.core.Standardizer;

/**
 * Per-column statistics of an N x C row-major batch (batch-norm and Standardizer fitting), and the Standardizer's
 * transform, in L2 (128 x 256), L3 (1024 x 1024) and DRAM (65536 x 256) sizes. Data sits far from zero (1000 +
 * N(0,1)) as real unnormalized features do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ColumnStatsBench {
  /** Rows x columns. */
  @Param({"128x256", "1024x1024", "65536x256"})
  public String shape;

  int rows;
  int cols;
  float[] x;
  float[] y;
  float[] mean;
  float[] var;
  Standardizer standardizer;

  @Setup
  public void setUp() {
    String[] rc = shape.split("x");
    rows = Integer.parseInt(rc[0]);
    cols = Integer.parseInt(rc[1]);
    SplittableRandom r = new SplittableRandom(42);
    x = new float[rows * cols];
    y = new float[rows * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1000 + r.nextGaussian());
    }
    mean = new float[cols];
    var = new float[cols];
    standardizer = Standardizer.fit(x, 0, rows, cols, cols);
  }

  @Benchmark
  public float[] columnMeanVariance() {
    Reductions.columnMeanVariance(x, 0, rows, cols, cols, mean, 0, var, 0);
    return var;
  }

  @Benchmark
  public float[] columnMinMax() {
    Reductions.columnMinMax(x, 0, rows, cols, cols, mean, 0, var, 0);
    return var;
  }

  /** Into a separate buffer, so every invocation sees the same input. */
  @Benchmark
  public float[] standardize() {
    standardizer.transform(x, 0, rows, cols, cols, y, 0, cols);
    return y;
  }

  /** Vector API backend. */
  @Fork(value = 3, jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
  public static class Vector extends ColumnStatsBench { }

  /** Scalar twins through the same public methods. */
  @Fork(value = 3, jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
  public static class Scalar extends ColumnStatsBench { }
}
