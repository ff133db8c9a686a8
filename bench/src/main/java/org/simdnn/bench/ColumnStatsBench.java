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
import org.simdnn.core.Gemm;
import org.simdnn.core.Reductions;
import org.simdnn.core.Standardizer;

/**
 * Per-column statistics of an N x C row-major batch (batch-norm and Standardizer fitting, the bias gradient's
 * column sums), the Standardizer's fit and transform, in L2 (128 x 256), L3 (1024 x 1024) and DRAM (65536 x 256)
 * sizes. Data sits far from zero (1000 +
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
    float[] inPlace;
    Standardizer standardizer;
    Standardizer identity;

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
        inPlace = x.clone();
        float[] ones = new float[cols];
        java.util.Arrays.fill(ones, 1f);
        identity = Standardizer.of(new float[cols], ones);
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

    /** The bias gradient {@code db}: column sums of an N x C matrix ({@code Gemm.columnSums}). */
    @Benchmark
    public float[] columnSums() {
        Gemm.columnSums(x, 0, rows, cols, cols, mean, 0);
        return mean;
    }

    /** Fitting allocates the standardizer (two arrays of C floats); its cost is the column-statistics pass. */
    @Benchmark
    public Standardizer fit() {
        return Standardizer.fit(x, 0, rows, cols, cols);
    }

    /** Into a separate buffer, so every invocation sees the same input. */
    @Benchmark
    public float[] standardize() {
        standardizer.transform(x, 0, rows, cols, cols, y, 0, cols);
        return y;
    }

    /** In place, with mean 0 and std 1 so that the data does not drift over the calls (same arithmetic). */
    @Benchmark
    public float[] standardizeInPlace() {
        identity.transform(inPlace, 0, rows, cols, cols);
        return inPlace;
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends ColumnStatsBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends ColumnStatsBench {}
}
