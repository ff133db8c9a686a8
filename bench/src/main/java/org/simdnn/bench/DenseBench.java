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
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;
import org.simdnn.core.Gemm;
import org.simdnn.core.Transpose;

/**
 * A dense layer's forward pass {@code Y = relu(X W^T + b)} with the bias and the activation fused into the GEMM
 * epilogue ({@link Gemm#dense}), against the same SIMD kernels as separate passes (the plain product, then one
 * bias + ReLU pass over Y), at the layer shapes of the 784-256-256-10 network. {@code layer} is
 * {@code batch:in:out}; GFLOP/s = {@code 2 batch in out / time}. {@code Vector} vs {@code Scalar} forks of the
 * same public calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class DenseBench {
    /** Batch, input features, output features. */
    @Param({"128:784:256", "128:256:256", "128:256:10", "1024:784:256"})
    public String layer;

    int batch;
    int in;
    int out;
    float[] x;
    float[] w;
    float[] bias;
    float[] y;
    float[] negBias;
    float[] unitVar;

    @Setup
    public void setUp() {
        String[] p = layer.split(":");
        batch = Integer.parseInt(p[0]);
        in = Integer.parseInt(p[1]);
        out = Integer.parseInt(p[2]);
        SplittableRandom r = new SplittableRandom(11);
        x = random(r, batch * in);
        w = random(r, out * in);
        bias = random(r, out);
        y = new float[batch * out];
        negBias = new float[out];
        unitVar = new float[out];
        for (int j = 0; j < out; j++) {
            negBias[j] = -bias[j];
            // (y - (-b)) / sqrt(unitVar + eps) = y + b: the BN inference kernel is a bias + activation pass
            unitVar[j] = 1f - BatchNorm.DEFAULT_EPS;
        }
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }

    /** Bias and ReLU applied while each tile of Y is still in registers. */
    @Benchmark
    public float[] denseRelu() {
        Gemm.dense(x, 0, batch, in, in, w, 0, out, in, bias, 0, Activation.RELU, 0f, y, 0, out);
        return y;
    }

    /** The product, then bias + ReLU as one more pass over Y (no allocation). */
    @Benchmark
    public float[] denseReluUnfused() {
        Gemm.gemm(Transpose.NONE, Transpose.TRANSPOSE, batch, out, in, 1f, x, 0, in, w, 0, in, 0f, y, 0, out);
        BatchNorm.forwardInference(
                y, 0, batch, out, out, negBias, unitVar, BatchNorm.DEFAULT_EPS, Activation.RELU, 0f, y, 0, out);
        return y;
    }

    /** Floating-point operations of one call ({@code 2 batch in out}). */
    public static double flops(String layer) {
        String[] p = layer.split(":");
        return 2.0 * Integer.parseInt(p[0]) * Integer.parseInt(p[1]) * Integer.parseInt(p[2]);
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends DenseBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends DenseBench {}
}
