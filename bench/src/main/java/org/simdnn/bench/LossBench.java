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
import org.simdnn.core.Losses;

/**
 * Losses at classifier shapes: the typical small head (128 x 10, fewer classes than vector lanes), a large batch
 * of it (1024 x 10) and a wide one (1024 x 1000, ImageNet-like). {@code Vector} vs {@code Scalar} forks of the
 * same public calls. Cost is dominated by one {@code exp} per logit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class LossBench {
    /** Batch rows x classes. */
    @Param({"128x10", "1024x10", "1024x1000"})
    public String shape;

    int n;
    int k;
    float[] logits;
    float[] grad;
    float[] probs;
    float[] target;
    int[] labels;

    @Setup
    public void setUp() {
        String[] nk = shape.split("x");
        n = Integer.parseInt(nk[0]);
        k = Integer.parseInt(nk[1]);
        SplittableRandom r = new SplittableRandom(42);
        logits = new float[n * k];
        grad = new float[n * k];
        probs = new float[n * k];
        target = new float[n * k];
        labels = new int[n];
        for (int i = 0; i < n * k; i++) {
            logits[i] = (float) r.nextDouble(-4, 4);
            target[i] = (float) r.nextDouble(-4, 4);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(k);
        }
    }

    /** Fused loss + gradient into a separate gradient matrix. */
    @Benchmark
    public float softmaxCrossEntropy() {
        return Losses.softmaxCrossEntropy(logits, 0, n, k, k, labels, 0, grad, 0, k);
    }

    /** Inference-time probabilities. */
    @Benchmark
    public float[] softmax() {
        Losses.softmax(logits, 0, n, k, k, probs, 0, k);
        return probs;
    }

    /** MSE alone (evaluation). */
    @Benchmark
    public float meanSquaredError() {
        return Losses.meanSquaredError(logits, 0, n, k, k, target, 0, k);
    }

    /** MSE and its gradient over the same n x k matrix. */
    @Benchmark
    public float meanSquaredErrorWithGradient() {
        return Losses.meanSquaredErrorWithGradient(logits, 0, n, k, k, target, 0, k, grad, 0, k);
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends LossBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends LossBench {}
}
