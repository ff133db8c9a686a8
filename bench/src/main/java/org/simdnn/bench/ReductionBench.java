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

/** Reductions at L1, L2, L3 and DRAM sizes; {@code Vector} vs {@code Scalar} forks of the same public calls. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ReductionBench {
    /** Elements: 1K (L1), 64K (L2), 1M (L3), 16M (DRAM). */
    @Param({"1024", "65536", "1048576", "16777216"})
    public int n;

    float[] x;
    float[] y;
    final float[] out = new float[2];

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
            y[i] = (float) r.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float sum() {
        return Reductions.sum(x, 0, n);
    }

    @Benchmark
    public float dot() {
        return Reductions.dot(x, 0, y, 0, n);
    }

    @Benchmark
    public float sumOfSquares() {
        return Reductions.sumOfSquares(x, 0, n);
    }

    @Benchmark
    public float max() {
        return Reductions.max(x, 0, n);
    }

    @Benchmark
    public int argmax() {
        return Reductions.argmax(x, 0, n);
    }

    @Benchmark
    public float l2Norm() {
        return Reductions.l2Norm(x, 0, n);
    }

    /** Writes into a preallocated pair: the benchmark itself allocates nothing. */
    @Benchmark
    public float[] meanVariance() {
        Reductions.meanVariance(x, 0, n, out, 0);
        return out;
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends ReductionBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends ReductionBench {}
}
