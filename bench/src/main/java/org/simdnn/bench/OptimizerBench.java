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
import org.simdnn.core.Optimizers;

/**
 * Fused optimizer steps at L1, L2, L3 and DRAM sizes; {@code Vector} vs {@code Scalar} forks of the same public
 * calls. Memory traffic per parameter: SGD with momentum reads param, grad, velocity and writes param, velocity
 * (20 bytes); Adam reads param, grad, m, v and writes param, m, v (28 bytes). Compare bytes/ns at 16M with
 * {@link CeilingBench#copy256MiB} (8 bytes per float copied).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class OptimizerBench {
    /** Parameters: 1K (L1), 64K (L2), 1M (L3), 16M (DRAM). */
    @Param({"1024", "65536", "1048576", "16777216"})
    public int n;

    float[] param;
    float[] grad;
    float[] velocity;
    float[] m;
    float[] v;
    long step;
    // Weight decay keeps the parameters bounded however many calls JMH makes.
    final Optimizers.Sgd sgd = new Optimizers.Sgd(1e-3f, 0.9f, 1e-4f, false);
    final Optimizers.Adam adam = Optimizers.Adam.adamW(1e-3f, 0.01f);

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        param = new float[n];
        grad = new float[n];
        velocity = new float[n];
        m = new float[n];
        v = new float[n];
        for (int i = 0; i < n; i++) {
            param[i] = (float) r.nextDouble(-1, 1);
            grad[i] = (float) r.nextDouble(-1, 1);
        }
        step = 0;
    }

    @Benchmark
    public float[] sgdMomentum() {
        Optimizers.sgd(sgd, param, 0, grad, 0, velocity, 0, n);
        return param;
    }

    @Benchmark
    public float[] adamW() {
        Optimizers.adam(adam, ++step, param, 0, grad, 0, m, 0, v, 0, n);
        return param;
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends OptimizerBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends OptimizerBench {}
}
