package org.simdnn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.simdnn.dsl.BatchTrainer;
import org.simdnn.dsl.Dataset;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.Optimizer;

/**
 * The dsl through its public API: a training step of the MLP 784-256-BN-ReLU-256-BN-ReLU-10 at batch 128 as
 * {@code fit} runs it ({@link BatchTrainer#trainOnBatch}: load the rows, forward, softmax cross-entropy, last-good
 * snapshot, backward, momentum-SGD update, batch-norm running statistics), a step of the batch-norm + ReLU block
 * alone (256-BN-ReLU with an MSE head on the 256 outputs, batch 128), each with the fused plan and with {@code fused(false)} (the same SIMD kernels
 * as separate passes); and inference latency through {@code Network.predict} at batch 1 and 128. Training scores
 * are samples per second ({@code @OperationsPerInvocation} = batch rows); run with {@code -prof gc} for the
 * allocation per step.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class TrainingBench {

    static final int BATCH = 128;

    /** Fused plan (activations in the GEMM epilogue / the BN normalize pass) or separate passes. */
    @Param({"true", "false"})
    public boolean fused;

    BatchTrainer step;
    Dataset stepBatch;
    BatchTrainer block;
    Dataset blockBatch;
    Network network;
    float[] one;
    float[] batch;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        network = Network.builder(784)
                .dense(256)
                .batchNorm()
                .relu()
                .dense(256)
                .batchNorm()
                .relu()
                .dense(10)
                .softmax()
                .fused(fused)
                .seed(42)
                .build();
        // a small learning rate keeps the weights (and so the work per step) steady over millions of steps
        step = network.batchTrainer(Optimizer.sgd(1e-3f).momentum(0.9f), BATCH);
        stepBatch = batch(r, 784);
        Network blockNet = Network.builder(256)
                .batchNorm()
                .relu()
                .mse()
                .fused(fused)
                .seed(42)
                .build();
        block = blockNet.batchTrainer(Optimizer.sgd(1e-3f).momentum(0.9f), BATCH);
        float[] x = new float[BATCH * 256];
        float[] targets = new float[BATCH * 256];
        fill(x, r);
        fill(targets, r);
        blockBatch = Dataset.regression(x, BATCH, 256, targets, 256);
        one = new float[784];
        batch = new float[BATCH * 784];
        fill(one, r);
        fill(batch, r);
    }

    private static Dataset batch(SplittableRandom r, int features) {
        float[] x = new float[BATCH * features];
        fill(x, r);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
        return Dataset.classification(x, BATCH, features, labels, 10);
    }

    private static void fill(float[] a, SplittableRandom r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
    }

    /** One training step of the MLP at batch 128, as fit runs it; score in samples/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public float trainingStep() {
        return step.trainOnBatch(stepBatch);
    }

    /**
     * One training step of the batch-norm + ReLU block over 128 x 256 (load, BN forward, MSE loss and gradient, BN
     * backward, update of gamma and beta); ns per call.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float batchNormReluStep() {
        return block.trainOnBatch(blockBatch);
    }

    /** Inference latency of one sample (predict allocates only its result). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] predict1() {
        return network.predict(one, 1);
    }

    /** Inference latency of a batch of 128. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[] predict128() {
        return network.predict(batch, BATCH);
    }

    /** The Vector API backend (the only one the dsl numbers are reported for). */
    @Fork(
            value = 3,
            jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends TrainingBench {}
}
