package org.simdnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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
import org.simdnn.core.Parallelism;
import org.simdnn.core.Transpose;

/**
 * SGEMM at square sizes and at the dense-layer shapes, for the three products of a dense layer: {@code NT}
 * (forward {@code Y = X W^T}), {@code NN} (backward {@code dX = dY W}) and {@code TN} (weight gradient
 * {@code dW = dY^T X}). {@code Vector} and {@code Scalar} call the same public {@link Gemm#gemm}; {@code Ejml}
 * is the peer ({@code CommonOps_FDRM.mult / multTransB / multTransA}). Run together with the FMA ceiling:
 * {@code java -jar benchmarks.jar 'GemmBench|CeilingBench.fmaPeak'}.
 *
 * <p>Times are ns per product; {@code GFLOP/s = 2 m n k / ns} (see {@link #flops}). {@code shape} is either a
 * square size s ({@code m = n = k = s}) or a layer {@code batch:in:out}, which gives {@code (m, n, k)} =
 * {@code (batch, out, in)} for NT, {@code (batch, in, out)} for NN and {@code (out, in, batch)} for TN. Threads:
 * {@code -p threads=1,2} (default 1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class GemmBench {
    @Param({
        "64",
        "128",
        "256",
        "512",
        "1024",
        "2048",
        "128:784:256",
        "128:256:256",
        "128:256:10",
        "1024:784:256",
        "1024:256:256",
        "1024:256:10"
    })
    public String shape;

    @Param({"NN", "NT", "TN"})
    public String op;

    @Param({"1"})
    public int threads;

    int m;
    int n;
    int k;
    boolean ta;
    boolean tb;
    float[] a;
    float[] b;
    float[] c;
    FMatrixRMaj ma;
    FMatrixRMaj mb;
    FMatrixRMaj mc;

    @Setup
    public void setUp() {
        int[] mnk = dims(shape, op);
        m = mnk[0];
        n = mnk[1];
        k = mnk[2];
        ta = op.charAt(0) == 'T';
        tb = op.charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(7);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        ma = ta ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
        mb = tb ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
        mc = FMatrixRMaj.wrap(m, n, c);
        Parallelism.setDefault(threads);
    }

    /**
     * {@code (m, n, k)} of a shape parameter and an op.
     *
     * @param shape a square size {@code s} or a layer {@code batch:in:out}
     * @param op {@code NN}, {@code NT} or {@code TN}
     * @return {@code {m, n, k}}
     */
    public static int[] dims(String shape, String op) {
        String[] p = shape.split(":");
        if (p.length == 1) {
            int s = Integer.parseInt(p[0]);
            return new int[] {s, s, s};
        }
        int batch = Integer.parseInt(p[0]);
        int in = Integer.parseInt(p[1]);
        int out = Integer.parseInt(p[2]);
        return switch (op) {
            case "NT" -> new int[] {batch, out, in};
            case "NN" -> new int[] {batch, in, out};
            case "TN" -> new int[] {out, in, batch};
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    /** Floating-point operations of one product ({@code 2 m n k}). */
    public static double flops(String shape, String op) {
        int[] d = dims(shape, op);
        return 2.0 * d[0] * d[1] * d[2];
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    /** Abstract base of the simdnn forks: the public GEMM, whichever backend the fork selects. */
    public abstract static class Simdnn extends GemmBench {
        @Benchmark
        public float[] gemm() {
            Gemm.gemm(
                    ta ? Transpose.TRANSPOSE : Transpose.NONE,
                    tb ? Transpose.TRANSPOSE : Transpose.NONE,
                    m,
                    n,
                    k,
                    1f,
                    a,
                    0,
                    ta ? m : k,
                    b,
                    0,
                    tb ? k : n,
                    0f,
                    c,
                    0,
                    n);
            return c;
        }
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends Simdnn {}

    /** Scalar twin through the same public method. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends Simdnn {}

    /** EJML 0.46.1, single-threaded ({@code CommonOps_FDRM}). */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK})
    public static class Ejml extends GemmBench {
        @Benchmark
        public FMatrixRMaj gemm() {
            if (ta) {
                CommonOps_FDRM.multTransA(ma, mb, mc);
            } else if (tb) {
                CommonOps_FDRM.multTransB(ma, mb, mc);
            } else {
                CommonOps_FDRM.mult(ma, mb, mc);
            }
            return mc;
        }
    }
}
