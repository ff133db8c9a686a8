package org.simdnn.bench;

import java.util.List;
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
import org.simdnn.core.Activation;
import org.simdnn.core.BatchNorm;
import org.simdnn.core.Optimizers;
import org.simdnn.dsl.Network;
import org.simdnn.dsl.internal.plan.LayerSpec;
import org.simdnn.dsl.internal.plan.ModelState;
import org.simdnn.dsl.internal.plan.Parameter;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Snapshot;
import org.simdnn.dsl.internal.plan.TrainingStep;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * The dsl's compiled plans: a training step of the MLP 784-256-BN-ReLU-256-BN-ReLU-10 at batch 128 (forward, softmax
 * cross-entropy, last-good snapshot, backward, momentum-SGD update: what {@code fit} runs per batch once the rows
 * are gathered), the batch-norm + ReLU block alone (forward + backward, 128 x 256), each with the fused plan and
 * with {@code fused(false)} (the same SIMD kernels as separate passes, no allocation); and inference latency of
 * the trained-size network through {@code Network.predict} at batch 1 and 128. Training scores are samples per
 * second ({@code @OperationsPerInvocation} = batch rows); run with {@code -prof gc} for the allocation per step.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class TrainingBench {

    static final int BATCH = 128;

    /** Fused plan (activations in the GEMM epilogue / the BN normalize pass) or separate passes. */
    @Param({"true", "false"})
    public boolean fused;

    TrainingStep step;
    long key;
    Plan block;
    Workspace blockWs;
    Network network;
    float[] one;
    float[] batch;

    static List<LayerSpec> mlp() {
        return List.of(new LayerSpec.Dense("dense_1", 256, false),
            new LayerSpec.BatchNorm("batch_norm_1", BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true),
            new LayerSpec.Act("relu_1", Activation.RELU, 0f),
            new LayerSpec.Dense("dense_2", 256, false),
            new LayerSpec.BatchNorm("batch_norm_2", BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true),
            new LayerSpec.Act("relu_2", Activation.RELU, 0f),
            new LayerSpec.Dense("dense_3", 10, true),
            new LayerSpec.Output("softmax_1", LayerSpec.Loss.SOFTMAX_CROSS_ENTROPY));
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        // training step
        ModelState state = new ModelState(784, mlp());
        for (Parameter p : state.parameters()) {
            if (p.kind() == Parameter.Kind.WEIGHT) {
                float[] w = p.value();
                double std = Math.sqrt(2.0 / (w.length / (double) (p.name().equals("dense_3.weight") ? 10 : 256)));
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (r.nextGaussian() * std);
                }
            }
        }
        Plan plan = Plan.compile(state, fused);
        Workspace ws = plan.newWorkspace(BATCH, true, false);
        fill(ws.input(), r);
        for (int i = 0; i < BATCH; i++) {
            ws.labels()[i] = r.nextInt(10);
        }
        List<Parameter> params = state.parameters();
        float[][] velocity = new float[params.size()][];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = new float[params.get(i).size()];
        }
        Optimizers.Sgd sgd = Optimizers.Sgd.of(1e-3f, 0.9f);
        step = new TrainingStep(plan, ws, new Snapshot(state), () -> {
            for (int i = 0; i < velocity.length; i++) {
                Parameter p = params.get(i);
                Optimizers.sgd(sgd, p.value(), 0, p.grad(), 0, velocity[i], 0, p.size());
            }
        });
        // the BN + ReLU block alone: input gradient requested so the incoming gradient is never overwritten
        ModelState blockState = new ModelState(256, List.of(
            new LayerSpec.BatchNorm("batch_norm_1", BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM, true),
            new LayerSpec.Act("relu_1", Activation.RELU, 0f),
            new LayerSpec.Output("mse_1", LayerSpec.Loss.MEAN_SQUARED_ERROR)));
        block = Plan.compile(blockState, fused);
        blockWs = block.newWorkspace(BATCH, true, true);
        fill(blockWs.input(), r);
        float[] dy = blockWs.grads(block.steps().length);
        if (dy == null) {
            throw new IllegalStateException("no output gradient buffer");
        }
        fill(dy, r);
        // inference through the public API
        network = Network.builder(784).dense(256).batchNorm().relu().dense(256).batchNorm().relu().dense(10)
            .softmax().fused(fused).seed(42).build();
        one = new float[784];
        batch = new float[BATCH * 784];
        fill(one, r);
        fill(batch, r);
    }

    private static void fill(float[] a, SplittableRandom r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
    }

    /** One training step of the MLP at batch 128; score in samples/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public float trainingStep() {
        return step.run(BATCH, key++);
    }

    /** Batch norm + ReLU over 128 x 256, training forward then backward; score in ns per call. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float batchNormReluBlock() {
        block.forward(blockWs, BATCH, 0L);
        block.backward(blockWs, BATCH);
        return blockWs.input()[0];
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
    @Fork(value = 3, jvmArgsAppend = {Forks.ADD_VECTOR, Forks.UNSAFE_OK, Forks.REQUIRE_VECTOR})
    public static class Vector extends TrainingBench { }
}
