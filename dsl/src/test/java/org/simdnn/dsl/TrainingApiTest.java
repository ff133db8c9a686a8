package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.internal.io.ModelFileReader;

/**
 * The public pieces later modules (Spark, ONNX) and user code build on, each against the path {@code fit} takes:
 * gradients without an update, the optimizer state apply / export / restore / merge, batch statistics that merge
 * exactly, fit from a batch source, tensors by name, the inference description.
 */
class TrainingApiTest {

    private static final Dataset DATA = Synthetic.blobs(96, 6, 3, 2.5, 31);

    private static Network mlp(boolean batchNorm) {
        NetworkBuilder b = Network.builder(6).dense(10);
        if (batchNorm) {
            b.batchNorm();
        }
        return b.relu().dense(3).softmax().seed(8).build();
    }

    private static Network copy(Network net, Path dir) throws IOException {
        Path file = dir.resolve("copy-" + System.nanoTime() + ".simdnn");
        net.save(file);
        return Network.load(file);
    }

    @Test
    void gradientsPlusApplyIsExactlyFitsStep(@TempDir Path dir) throws IOException {
        Network viaFit = mlp(true);
        Network viaApi = copy(viaFit, dir);
        Dataset batch = DATA.subset(0, 32);
        float[] before = viaApi.predict(batch.features(), batch.size());
        Optimizer sgd = Optimizer.sgd(0.05f).momentum(0.9f);
        BatchTrainer trainer = viaFit.batchTrainer(sgd, 32);
        OptimizerState state = viaApi.optimizerState(sgd);
        for (int step = 0; step < 3; step++) {
            float loss = trainer.trainOnBatch(batch);
            Gradients g = viaApi.gradients(batch, step);
            assertEquals(loss, g.loss(), 0f, "step " + step);
            if (step == 0) {
                // computing gradients changes nothing: not the weights, not the running statistics
                assertArrayEquals(before, viaApi.predict(batch.features(), batch.size()));
            }
            state.apply(g);
        }
        Tensors.assertSame(viaFit, viaApi);
        assertEquals(3, state.steps());
    }

    @Test
    void gradientsOfDisjointBatchesMergeIntoTheWholeBatchsGradient() {
        Network net = mlp(false);
        Gradients whole = net.gradients(DATA.subset(0, 48), 0);
        Gradients merged =
                Gradients.merge(List.of(net.gradients(DATA.subset(0, 20), 0), net.gradients(DATA.subset(20, 48), 0)));
        assertEquals(48, merged.rows());
        assertEquals(whole.names(), merged.names());
        assertEquals(whole.loss(), merged.loss(), 1e-6f);
        for (String name : whole.names()) {
            float[] a = whole.get(name);
            float[] b = merged.get(name);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-6f + 1e-5f * Math.abs(a[i]), name + "[" + i + "]");
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> whole.get("dense_9.weight"));
        assertTrue(e.getMessage().contains("dense_1.weight"), e.getMessage());
    }

    @Test
    void batchStatisticsMergeExactlyAndApplyWithTheLayersMomentum(@TempDir Path dir) throws IOException {
        Network net = mlp(true);
        BatchStatistics whole =
                net.gradients(DATA.subset(0, 40), 0).statistics().get(0);
        // the dense layer before the batch norm is the same for both halves, so its statistics merge exactly
        BatchStatistics merged = net.gradients(DATA.subset(0, 15), 0)
                .statistics()
                .get(0)
                .merge(net.gradients(DATA.subset(15, 40), 0).statistics().get(0));
        assertEquals("batch_norm_1", whole.layer());
        assertEquals(40, merged.count());
        for (int j = 0; j < whole.mean().length; j++) {
            assertEquals(whole.mean()[j], merged.mean()[j], 1e-5 * (1 + Math.abs(whole.mean()[j])));
            assertEquals(whole.m2()[j], merged.m2()[j], 1e-4 * (1 + whole.m2()[j]));
        }
        float[] mean = net.tensor("batch_norm_1.running_mean");
        float[] var = net.tensor("batch_norm_1.running_var");
        Map<String, float[]> zero = new java.util.LinkedHashMap<>();
        for (TensorInfo t : net.tensors()) {
            if (t.trainable()) {
                zero.put(t.name(), new float[t.size()]);
            }
        }
        net.optimizerState(Optimizer.sgd(0f)).apply(new Gradients(0f, 40, zero, List.of(whole)));
        double[] v = whole.variance();
        double m = 0.1f; // the default momentum, as the float the layer holds
        for (int j = 0; j < mean.length; j++) {
            assertEquals((float) ((1 - m) * mean[j] + m * whole.mean()[j]), net.tensor("batch_norm_1.running_mean")[j]);
            assertEquals((float) ((1 - m) * var[j] + m * v[j]), net.tensor("batch_norm_1.running_var")[j]);
        }
    }

    @Test
    void optimizerStateExportsRestoresAndMerges(@TempDir Path dir) throws IOException {
        Optimizer adam = Optimizer.adam(0.01f);
        Network a = mlp(true);
        Network b = copy(a, dir);
        Dataset batch = DATA.subset(0, 32);
        OptimizerState sa = a.optimizerState(adam);
        for (int i = 0; i < 4; i++) {
            sa.apply(a.gradients(batch, i));
        }
        OptimizerState sb = b.optimizerState(adam);
        for (int i = 0; i < 2; i++) {
            sb.apply(b.gradients(batch, i));
        }
        // b's state goes through an export into a fresh state, as a checkpoint or a driver would move it
        OptimizerState moved = b.optimizerState(adam);
        moved.restore(sb.export());
        for (int i = 2; i < 4; i++) {
            moved.apply(b.gradients(batch, i));
        }
        Tensors.assertSame(a, b);
        assertEquals(sa.export().arrays().keySet(), moved.export().arrays().keySet());
        assertTrue(sa.export().arrays().containsKey("dense_1.weight.second"));
        OptimizerState.Exported mean = OptimizerState.Exported.merge(List.of(sa.export(), moved.export()));
        assertArrayEquals(
                sa.export().arrays().get("dense_1.weight.first"), mean.arrays().get("dense_1.weight.first"));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> a.optimizerState(Optimizer.sgd(0.1f)).restore(sa.export()));
        assertTrue(e.getMessage().contains("arrays"), e.getMessage());
    }

    @Test
    void fitFromABatchSourceIsFitWithoutShuffling(@TempDir Path dir) throws IOException {
        Network fromData = mlp(true);
        Network fromSource = copy(fromData, dir);
        FitOptions options = new FitOptions()
                .epochs(3)
                .batchSize(20)
                .shuffle(false)
                .optimizer(Optimizer.sgd(0.05f).momentum(0.9f));
        TrainingHistory h1 = fromData.fit(DATA, options);
        List<Dataset> batches = new ArrayList<>();
        for (int from = 0; from < DATA.size(); from += 20) {
            batches.add(DATA.subset(from, Math.min(DATA.size(), from + 20)));
        }
        TrainingHistory h2 = fromSource.fit(BatchSource.of(batches), options);
        Tensors.assertSame(fromData, fromSource);
        assertEquals(h1.last().trainLoss(), h2.last().trainLoss(), 0.0);
        var tooBig = assertThrows(
                IllegalArgumentException.class,
                () -> fromSource.fit(BatchSource.of(List.of(DATA)), new FitOptions().batchSize(20)));
        assertTrue(
                tooBig.getMessage().contains("96 rows") && tooBig.getMessage().contains("batchSize 20"),
                tooBig.getMessage());
        Network standardizing =
                Network.builder(6).standardize().dense(3).softmax().build();
        var notFitted =
                assertThrows(IllegalStateException.class, () -> standardizing.fit(BatchSource.of(batches), options));
        assertTrue(notFitted.getMessage().contains("fitStandardizer"), notFitted.getMessage());
        standardizing.fitStandardizer(DATA);
        standardizing.fit(BatchSource.of(batches), options);
    }

    @Test
    void tensorsByNameAreCopiesWithCheckedShapes() {
        Network net = mlp(true);
        assertEquals(
                List.of(
                        "dense_1.weight",
                        "batch_norm_1.gamma",
                        "batch_norm_1.beta",
                        "batch_norm_1.running_mean",
                        "batch_norm_1.running_var",
                        "dense_2.weight",
                        "dense_2.bias"),
                net.tensors().stream().map(TensorInfo::name).toList());
        assertEquals(List.of(10, 6), net.tensors().get(0).dims());
        float[] w = net.tensor("dense_1.weight");
        w[0] = 42f;
        assertTrue(net.tensor("dense_1.weight")[0] != 42f, "tensor() returns a copy");
        net.setTensor("dense_1.weight", w);
        assertEquals(42f, net.tensor("dense_1.weight")[0]);
        var shape = assertThrows(IllegalArgumentException.class, () -> net.setTensor("dense_2.bias", new float[4]));
        assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("got 4"), shape.getMessage());
        var negative = assertThrows(
                IllegalArgumentException.class,
                () -> net.setTensor("batch_norm_1.running_var", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, -1}));
        assertTrue(negative.getMessage().contains(">= 0"), negative.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> net.tensor("dense_1.kernel"));
        assertTrue(unknown.getMessage().contains("dense_1.weight"), unknown.getMessage());
    }

    @Test
    void inferenceOpsDescribeTheComputationInOrder() {
        Network net = Network.builder(6)
                .standardize()
                .dense(10)
                .batchNorm(2f, 0.1f, true)
                .leakyRelu(0.2f)
                .dropout(0.1f)
                .dense(3)
                .softmax()
                .build();
        List<InferenceOp> ops = net.inferenceOps();
        assertEquals(
                List.of("Standardize", "Gemm", "BatchNormalization", "LeakyRelu", "Dropout", "Gemm", "Softmax"),
                ops.stream().map(InferenceOp::op).toList());
        assertEquals(2f, ops.get(2).attributes().get("epsilon"));
        assertEquals(0.2f, ops.get(3).attributes().get("alpha"));
        assertEquals(List.of("dense_2.weight", "dense_2.bias"), ops.get(5).tensors());
        assertEquals(Shape.features(3), ops.get(6).outputShape());
        for (InferenceOp op : ops) {
            for (String t : op.tensors()) {
                if (!t.startsWith("standardizer.")) {
                    assertEquals(
                            net.tensors().stream()
                                    .filter(i -> i.name().equals(t))
                                    .findFirst()
                                    .orElseThrow()
                                    .size(),
                            net.tensor(t).length);
                }
            }
        }
    }

    @Test
    void checkpointsKeyOptimizerStateByTensorName(@TempDir Path dir) throws IOException {
        Network net = mlp(true);
        Path checkpoint = dir.resolve("ckpt.simdnn");
        net.fit(
                DATA,
                new FitOptions().epochs(1).optimizer(Optimizer.adam(0.01f)).checkpoint(checkpoint));
        ModelFileReader r = ModelFileReader.read(checkpoint, "checkpoint");
        assertTrue(
                r.has("optimizer.dense_1.weight.first")
                        && r.has("optimizer.batch_norm_1.gamma.second")
                        && r.has("tensor.batch_norm_1.running_var"),
                r.keys().toString());
        Network other = Network.builder(6)
                .dense(12)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .seed(8)
                .build();
        var e = assertThrows(
                java.io.UncheckedIOException.class,
                () -> other.fit(
                        DATA,
                        new FitOptions()
                                .epochs(2)
                                .optimizer(Optimizer.adam(0.01f))
                                .resumeFrom(checkpoint)));
        // the first difference, checkpoint vs this network
        assertTrue(
                e.getMessage().contains("layer 0")
                        && e.getMessage().contains("units=10")
                        && e.getMessage().contains("units=12"),
                e.getMessage());
    }

    @Test
    void shuffledMultiTargetRegressionLearnsItsOwnRowsTargets() {
        // t = A x exactly: a linear layer fits it only if every row's three targets travel with the row
        java.util.SplittableRandom r = new java.util.SplittableRandom(12);
        int n = 200;
        float[] x = new float[n * 4];
        float[] t = new float[n * 3];
        float[][] a = {{1, -2, 0.5f, 0}, {0, 1, 1, -1}, {2, 0, 0, 0.25f}};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) r.nextGaussian();
            }
            for (int o = 0; o < 3; o++) {
                for (int j = 0; j < 4; j++) {
                    t[i * 3 + o] += a[o][j] * x[i * 4 + j];
                }
            }
        }
        Dataset data = Dataset.regression(x, n, 4, t, 3);
        Network net = Network.builder(4).dense(3).mse().seed(3).build();
        net.fit(data, new FitOptions().epochs(60).batchSize(16).shuffle(true).optimizer(Optimizer.adam(0.05f)));
        double loss = net.evaluate(data).loss();
        assertTrue(loss < 1e-3, "mse " + loss + " on an exactly linear multi-target problem");
    }

    @Test
    void affineBatchNormUsesItsGammaAndBetaInTraining() {
        // a batch norm alone (gamma, beta trainable) before an mse head: the loss in double, by hand
        Network net = Network.builder(2).batchNorm().mse().build();
        net.setTensor("batch_norm_1.gamma", new float[] {2f, -0.5f});
        net.setTensor("batch_norm_1.beta", new float[] {0.5f, 3f});
        float[] x = {1, 10, 2, 20, 4, 30, 7, 50};
        float[] t = {0, 1, 1, 0, 0, 2, 1, 1};
        Dataset batch = Dataset.regression(x, 4, 2, t, 2);
        double[] g = {2, -0.5};
        double[] b = {0.5, 3};
        double total = 0;
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double var = 0;
            for (int i = 0; i < 4; i++) {
                mean += x[i * 2 + j] / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                var += (x[i * 2 + j] - mean) * (x[i * 2 + j] - mean) / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                double y = g[j] * (x[i * 2 + j] - mean) / Math.sqrt(var + 1e-5) + b[j];
                total += (y - t[i * 2 + j]) * (y - t[i * 2 + j]);
            }
        }
        assertEquals(total / 8, net.gradients(batch, 0).loss(), 1e-5);
    }

    @Test
    void everyStepOfAFitDrawsItsOwnDropoutMask() {
        // learning rate 0: the weights never move, so two steps on the same rows differ only by their masks
        Network net = Network.builder(6)
                .dense(32)
                .relu()
                .dropout(0.5f)
                .dense(3)
                .softmax()
                .seed(4)
                .build();
        Dataset b = DATA.subset(0, 16);
        List<Float> losses = new ArrayList<>();
        net.fit(
                BatchSource.of(List.of(b, b)),
                new FitOptions()
                        .epochs(2)
                        .batchSize(16)
                        .optimizer(Optimizer.sgd(0f))
                        .listener(TrainingListener.onStep(e -> losses.add(e.loss()))));
        assertEquals(4, losses.size());
        assertEquals(4, new java.util.HashSet<>(losses).size(), "step and epoch keys give distinct masks: " + losses);
    }
}
