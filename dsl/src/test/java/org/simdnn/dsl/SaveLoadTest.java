package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simdnn.dsl.internal.io.ModelFileWriter;

class SaveLoadTest {

    @TempDir
    Path dir;

    private static final Dataset DATA = Synthetic.blobs(600, 6, 3, 6, 31);

    private static Network everyLayerKind() {
        return Network.builder(6)
                .standardize()
                .dense(12)
                .batchNorm()
                .relu()
                .dense(10)
                .leakyRelu(0.05f)
                .dropout(0.2f)
                .dense(8)
                .batchNorm(1e-3f, 0.2f, false)
                .tanh()
                .dense(8)
                .sigmoid()
                .dense(8)
                .lecunTanh()
                .dense(8)
                .identity()
                .name("probe_me")
                .dense(3)
                .softmax()
                .seed(77)
                .build();
    }

    @Test
    void savedAndReloadedModelPredictsBitIdentically() throws IOException {
        Network net = everyLayerKind();
        net.fit(DATA, new FitOptions().epochs(2).optimizer(Optimizer.adam(0.01f)));
        Path file = dir.resolve("model.simdnn");
        net.save(file);
        Network back = Network.load(file);
        assertArrayEquals(net.predict(DATA.features(), DATA.size()), back.predict(DATA.features(), DATA.size()));
        assertEquals(net.summary(), back.summary());
        assertEquals(net.seed(), back.seed());
        float[] x = java.util.Arrays.copyOf(DATA.features(), 60);
        assertArrayEquals(
                net.probe("probe_me", Probe.POST_ACTIVATION, x, 10),
                back.probe("probe_me", Probe.POST_ACTIVATION, x, 10));
        // saving is deterministic: same model, same bytes
        Path again = dir.resolve("again.simdnn");
        back.save(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
    }

    @Test
    void unfittedStandardizerStaysUnfitted() throws IOException {
        Path file = dir.resolve("fresh.simdnn");
        everyLayerKind().save(file);
        Network back = Network.load(file);
        assertThrows(IllegalStateException.class, () -> back.predict(new float[6], 1));
        back.fit(DATA, new FitOptions().epochs(2).optimizer(Optimizer.adam(0.01f)));
        assertTrue(back.evaluate(DATA).accuracy() > 0.5);
    }

    @Test
    void checkpointResumeIsBitIdenticalToAnUninterruptedRun() {
        FitOptions base = new FitOptions()
                .epochs(4)
                .batchSize(50)
                .seed(5)
                .validationSplit(0.2)
                .optimizer(Optimizer.adamW(0.01f, 0.01f))
                .schedule(LearningRateSchedule.cosine(1e-4f));
        Network uninterrupted = everyLayerKind();
        TrainingHistory full = uninterrupted.fit(DATA, base);

        Path checkpoint = dir.resolve("run.ckpt");
        Network first = everyLayerKind();
        FitOptions interrupted = new FitOptions()
                .epochs(4)
                .batchSize(50)
                .seed(5)
                .validationSplit(0.2)
                .optimizer(Optimizer.adamW(0.01f, 0.01f))
                .schedule(LearningRateSchedule.cosine(1e-4f))
                .checkpoint(checkpoint)
                .listener(TrainingListener.onEpoch(e -> {
                    if (e.epoch() == 1) {
                        e.stopTraining();
                    }
                }));
        assertEquals(2, first.fit(DATA, interrupted).epochs().size());

        Network resumed = everyLayerKind();
        TrainingHistory rest = resumed.fit(
                DATA,
                new FitOptions()
                        .epochs(4)
                        .batchSize(50)
                        .seed(5)
                        .validationSplit(0.2)
                        .optimizer(Optimizer.adamW(0.01f, 0.01f))
                        .schedule(LearningRateSchedule.cosine(1e-4f))
                        .resumeFrom(checkpoint));
        assertEquals(4, rest.epochs().size());
        Tensors.assertSame(uninterrupted, resumed);
        assertEquals(full.last().trainLoss(), rest.last().trainLoss(), 0.0);
        assertEquals(full.epochs().get(0).trainLoss(), rest.epochs().get(0).trainLoss(), 0.0);
    }

    @Test
    void resumeRefusesAnotherNetworkOrSeed() {
        Path checkpoint = dir.resolve("small.ckpt");
        Network net = Network.builder(6).dense(4).relu().dense(3).softmax().build();
        net.fit(DATA, new FitOptions().epochs(1).checkpoint(checkpoint));
        Network other = Network.builder(6).dense(5).relu().dense(3).softmax().build();
        var e = assertThrows(
                UncheckedIOException.class,
                () -> other.fit(DATA, new FitOptions().epochs(2).resumeFrom(checkpoint)));
        assertTrue(e.getMessage().contains("another network"), e.getMessage());
        var s = assertThrows(
                UncheckedIOException.class,
                () -> net.fit(DATA, new FitOptions().epochs(2).seed(99).resumeFrom(checkpoint)));
        assertTrue(s.getMessage().contains("seed"), s.getMessage());
        var m = assertThrows(
                UncheckedIOException.class,
                () -> net.fit(DATA, new FitOptions().epochs(2).resumeFrom(dir.resolve("missing.ckpt"))));
        assertTrue(m.getMessage().contains("missing.ckpt"), m.getMessage());
        // a model file is not a checkpoint, and vice versa
        assertThrows(IOException.class, () -> Network.load(checkpoint));
    }

    @Test
    void checkpointFoldersAreMadeOrRefusedBeforeTheFirstEpoch() throws IOException {
        Network net = Network.builder(6).dense(4).relu().dense(3).softmax().build();
        Path nested = dir.resolve("run/a/b/checkpoint.simdnn");
        net.fit(DATA, new FitOptions().epochs(1).checkpoint(nested));
        assertTrue(java.nio.file.Files.exists(nested));
        Path file = java.nio.file.Files.writeString(dir.resolve("plain.txt"), "x");
        int[] epochs = {0};
        var e = assertThrows(
                UncheckedIOException.class,
                () -> net.fit(
                        DATA,
                        new FitOptions()
                                .epochs(1)
                                .listener(TrainingListener.onEpoch(ev -> epochs[0]++))
                                .checkpoint(file.resolve("checkpoint.simdnn"))));
        assertTrue(
                e.getMessage().contains("before the first epoch")
                        && e.getMessage().contains("plain.txt"),
                e.getMessage());
        assertEquals(0, epochs[0], "refused before training");
    }

    /** A minimal valid file, written field by field, so single fields can be made absurd. */
    private static ModelFileWriter minimal(int units, int weightCount) {
        return new ModelFileWriter("model")
                .putInt("network.schema", 1)
                .putInt("network.inputs", 2)
                .putInt("network.layers", 2)
                .putLong("network.seed", 0)
                .putBoolean("network.fused", true)
                .putInt("network.maxBatch", 0)
                .putBoolean("network.standardize", false)
                .putString("layer.0.name", "dense_1")
                .putString("layer.0.type", "dense")
                .putInt("layer.0.units", units)
                .putBoolean("layer.0.hasBias", false)
                .putFloats("layer.0.weight", new float[weightCount])
                .putString("layer.1.name", "softmax_1")
                .putString("layer.1.type", "output")
                .putString("layer.1.loss", "SOFTMAX_CROSS_ENTROPY");
    }

    @Test
    void absurdHeaderFieldsAreIoExceptionsNamingTheKey() throws IOException {
        Path ok = dir.resolve("ok.simdnn");
        minimal(3, 6).write(ok);
        assertEquals(3, Network.load(ok).outputCount());
        for (int units : new int[] {Integer.MAX_VALUE, 1 << 21, 0, -5}) {
            Path bad = dir.resolve("units" + units + ".simdnn");
            minimal(units, 6).write(bad);
            var e = assertThrows(IOException.class, () -> Network.load(bad));
            assertTrue(
                    e.getMessage().contains("layer.0.units")
                            && e.getMessage().contains(bad.getFileName().toString()),
                    e.getMessage());
        }
        Path shortWeights = dir.resolve("short.simdnn");
        minimal(3, 5).write(shortWeights);
        var e = assertThrows(IOException.class, () -> Network.load(shortWeights));
        assertTrue(e.getMessage().contains("layer.0.weight") && e.getMessage().contains("expected 6"), e.getMessage());
        Path one = dir.resolve("one.simdnn");
        minimal(1, 2).write(one);
        var s = assertThrows(IOException.class, () -> Network.load(one));
        assertTrue(s.getMessage().contains("softmax over one output"), s.getMessage());
    }
}
