package org.simdnn.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two hardware ceilings every kernel is reported against, measured in the same JMH invocation:
 * {@link #copy256MiB} ({@code System.arraycopy} of 256 MiB; bandwidth counts read + write = 512 MiB per call)
 * and {@link #fmaPeak} (independent FMA chains on the preferred species: the practical GFLOP/s ceiling).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 3,
        jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK})
public class CeilingBench {
    /** Floats in 256 MiB. */
    public static final int COPY_FLOATS = 64 << 20;
    /** FMA iterations per call of {@link #fmaPeak}. */
    public static final int FMA_ITERATIONS = 1 << 16;
    /** Independent accumulator chains: enough to cover FMA latency x throughput (4 cycles x 2 ports). */
    public static final int FMA_CHAINS = 10;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    float[] src;
    float[] dst;
    float[] seed;

    @Setup
    public void setUp() {
        src = new float[COPY_FLOATS];
        dst = new float[COPY_FLOATS];
        java.util.Arrays.fill(src, 1.5f);
        seed = new float[S.length() * 2];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = 1f + i * 1e-7f;
        }
    }

    /** 256 MiB copied: 512 MiB of logical traffic (read + write) per call. */
    @Benchmark
    public float[] copy256MiB() {
        System.arraycopy(src, 0, dst, 0, COPY_FLOATS);
        return dst;
    }

    /**
     * {@code FMA_ITERATIONS * FMA_CHAINS} vector FMAs per call; flop = that x lanes x 2. Reported ops are
     * vector FMAs (see {@code @OperationsPerInvocation}).
     */
    @Benchmark
    @OperationsPerInvocation(FMA_ITERATIONS * FMA_CHAINS)
    public float fmaPeak() {
        FloatVector a = FloatVector.fromArray(S, seed, 0);
        FloatVector b = FloatVector.fromArray(S, seed, S.length());
        FloatVector c0 = b, c1 = b.add(1f), c2 = b.add(2f), c3 = b.add(3f), c4 = b.add(4f);
        FloatVector c5 = b.add(5f), c6 = b.add(6f), c7 = b.add(7f), c8 = b.add(8f), c9 = b.add(9f);
        for (int i = 0; i < FMA_ITERATIONS; i++) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
        }
        return c0.add(c1)
                .add(c2)
                .add(c3)
                .add(c4)
                .add(c5)
                .add(c6)
                .add(c7)
                .add(c8)
                .add(c9)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Lanes of the preferred species, to convert {@link #fmaPeak} to GFLOP/s. */
    public static int lanes() {
        return S.length();
    }
}
