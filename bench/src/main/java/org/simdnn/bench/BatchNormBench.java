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

/**
 * Fused batch normalization + ReLU at (N, C) = (128, 256) (L2), (1024, 1024) (L3) and (65536, 256) (DRAM), against
 * unfused variants built from the same public kernels as separate passes (statistics + normalization, then the
 * activation as its own pass; backward: the activation derivative as its own pass, then BN backward). Divide the
 * score by N*C for ns/element. {@code Vector} vs {@code Scalar} forks of the same calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class BatchNormBench {
    /** Batch rows x feature columns. */
    @Param({"128x256", "1024x1024", "65536x256"})
    public String shape;

    int n;
    int c;
    float[] x;
    float[] y;
    float[] dy;
    float[] dx;
    float[] dz;
    float[] gamma;
    float[] beta;
    float[] mean;
    float[] invStd;
    float[] runningMean;
    float[] runningVar;
    float[] dgamma;
    float[] dbeta;
    float[] zeros;
    float[] unitVar;

    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        n = Integer.parseInt(p[0]);
        c = Integer.parseInt(p[1]);
        SplittableRandom r = new SplittableRandom(42);
        x = new float[n * c];
        dy = new float[n * c];
        for (int i = 0; i < n * c; i++) {
            x[i] = (float) r.nextDouble(-2, 3);
            dy[i] = (float) r.nextDouble(-1, 1);
        }
        y = new float[n * c];
        dx = new float[n * c];
        dz = new float[n * c];
        gamma = new float[c];
        beta = new float[c];
        runningMean = new float[c];
        runningVar = new float[c];
        zeros = new float[c];
        unitVar = new float[c];
        for (int j = 0; j < c; j++) {
            gamma[j] = (float) r.nextDouble(0.5, 2);
            beta[j] = (float) r.nextDouble(-0.5, 0.5);
            runningVar[j] = 1f;
            // 1/sqrt(unitVar + eps) = 1: the unfused activation pass is a plain ReLU
            unitVar[j] = 1f - BatchNorm.DEFAULT_EPS;
        }
        mean = new float[c];
        invStd = new float[c];
        dgamma = new float[c];
        dbeta = new float[c];
        forwardTrainingRelu();
    }

    @Benchmark
    public float forwardTrainingRelu() {
        BatchNorm.forwardTraining(
                x,
                0,
                n,
                c,
                c,
                gamma,
                beta,
                BatchNorm.DEFAULT_EPS,
                Activation.RELU,
                0f,
                y,
                0,
                c,
                mean,
                invStd,
                runningMean,
                runningVar,
                BatchNorm.DEFAULT_MOMENTUM);
        return y[0];
    }

    /** Statistics + normalization pass, then ReLU as a separate in-place pass. */
    @Benchmark
    public float forwardTrainingReluUnfused() {
        BatchNorm.forwardTraining(
                x,
                0,
                n,
                c,
                c,
                gamma,
                beta,
                BatchNorm.DEFAULT_EPS,
                Activation.IDENTITY,
                0f,
                y,
                0,
                c,
                mean,
                invStd,
                runningMean,
                runningVar,
                BatchNorm.DEFAULT_MOMENTUM);
        BatchNorm.forwardInference(y, 0, n, c, c, zeros, unitVar, BatchNorm.DEFAULT_EPS, Activation.RELU, 0f, y, 0, c);
        return y[0];
    }

    @Benchmark
    public float forwardInferenceRelu() {
        BatchNorm.forwardInference(
                x,
                0,
                n,
                c,
                c,
                gamma,
                beta,
                runningMean,
                runningVar,
                BatchNorm.DEFAULT_EPS,
                Activation.RELU,
                0f,
                y,
                0,
                c);
        return y[0];
    }

    /** Affine normalization pass, then ReLU as a separate in-place pass. */
    @Benchmark
    public float forwardInferenceReluUnfused() {
        BatchNorm.forwardInference(
                x,
                0,
                n,
                c,
                c,
                gamma,
                beta,
                runningMean,
                runningVar,
                BatchNorm.DEFAULT_EPS,
                Activation.IDENTITY,
                0f,
                y,
                0,
                c);
        BatchNorm.forwardInference(y, 0, n, c, c, zeros, unitVar, BatchNorm.DEFAULT_EPS, Activation.RELU, 0f, y, 0, c);
        return y[0];
    }

    @Benchmark
    public float backwardTrainingRelu() {
        BatchNorm.backwardTraining(
                x, 0, n, c, c, gamma, beta, mean, invStd, Activation.RELU, 0f, dy, 0, c, dx, 0, c, dgamma, dbeta);
        return dx[0];
    }

    /** Backward through a frozen (inference-mode) BN + ReLU, with the gamma and beta gradients: fine-tuning. */
    @Benchmark
    public float backwardInferenceRelu() {
        BatchNorm.backwardInference(
                x,
                0,
                n,
                c,
                c,
                gamma,
                beta,
                runningMean,
                runningVar,
                BatchNorm.DEFAULT_EPS,
                Activation.RELU,
                0f,
                dy,
                0,
                c,
                dx,
                0,
                c,
                dgamma,
                dbeta);
        return dx[0];
    }

    /** ReLU derivative as its own pass over the saved output y (dz = dy * [y > 0]), then BN backward. */
    @Benchmark
    public float backwardTrainingReluUnfused() {
        BatchNorm.backwardInference(
                y, 0, n, c, c, zeros, unitVar, BatchNorm.DEFAULT_EPS, Activation.RELU, 0f, dy, 0, c, dz, 0, c);
        BatchNorm.backwardTraining(
                x, 0, n, c, c, gamma, beta, mean, invStd, Activation.IDENTITY, 0f, dz, 0, c, dx, 0, c, dgamma, dbeta);
        return dx[0];
    }

    /** Vector API backend. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends BatchNormBench {}

    /** Scalar twins through the same public methods. */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.FORCE_SCALAR})
    public static class Scalar extends BatchNormBench {}
}
