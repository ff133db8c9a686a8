package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fit reports besides the weights (per-epoch loss, accuracy, timing, step events, early stopping over a
 * resumed run) and the smaller public pieces of the training API (optimizer-state export / restore, gradient
 * names, batch statistics as values), checked against independent computations.
 */
class TrainingBookkeepingTest {

    private static final Dataset DATA = Synthetic.blobs(60, 5, 3, 1.0, 41);
    /** A schedule that never moves the weights: every epoch's forward passes see the initial network. */
    private static final LearningRateSchedule FROZEN = (base, epoch, epochs) -> 0f;

    private static Network mlp() {
        return Network.builder(5).dense(8).relu().dense(3).softmax().seed(3).build();
    }

    @Test
    void epochStatisticsOfAFrozenNetworkAreThoseOfEvaluate() {
        Network net = mlp();
        Evaluation before = net.evaluate(DATA);
        long t0 = System.nanoTime();
        TrainingHistory h = net.fit(
                DATA, new FitOptions().epochs(2).batchSize(16).shuffle(true).schedule(FROZEN));
        double wall = (System.nanoTime() - t0) * 1e-9;
        assertEquals(2, h.epochs().size());
        for (EpochStats s : h.epochs()) {
            assertEquals(before.accuracy(), s.trainAccuracy(), 0.0, "epoch " + s.epoch());
            assertEquals(before.loss(), s.trainLoss(), 1e-5 * before.loss(), "epoch " + s.epoch());
            assertTrue(s.seconds() > 0 && s.seconds() <= wall, s.seconds() + " s in a fit of " + wall + " s");
            assertEquals(DATA.size(), s.samplesPerSecond() * s.seconds(), 1e-6 * DATA.size());
        }
        assertTrue(
                before.accuracy() > 0.2 && before.accuracy() < 0.9,
                "a test of counting needs some wrong rows: " + before.accuracy());
    }

    @Test
    void stepEventsCountRowsAndTime() {
        Network net = mlp();
        List<double[]> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        net.fit(
                DATA,
                new FitOptions()
                        .epochs(1)
                        .batchSize(25)
                        .shuffle(false)
                        .schedule(FROZEN)
                        .listener(new TrainingListener() {
                            @Override
                            public void onStep(StepEvent e) {
                                double wall = (System.nanoTime() - t0) * 1e-9;
                                assertTrue(
                                        e.seconds() > 0 && e.seconds() <= wall,
                                        e.seconds() + " s after " + wall + " s");
                                seen.add(
                                        new double[] {e.batchSize(), e.samplesPerSecond() * e.seconds(), e.accuracy()});
                            }
                        }));
        assertEquals(3, seen.size());
        double[] rows = {25, 25, 10};
        double total = 0;
        for (int i = 0; i < 3; i++) {
            total += rows[i];
            assertEquals(rows[i], seen.get(i)[0]);
            assertEquals(total, seen.get(i)[1], 1e-6 * total, "rows seen so far at step " + i);
            Dataset batch = DATA.subset((int) (total - rows[i]), (int) total);
            assertEquals(mlp().evaluate(batch).accuracy(), seen.get(i)[2], 1e-12, "step " + i);
        }
    }

    @Test
    void fitWithoutShuffleTakesTheRowsInOrder() {
        // one epoch of fit over consecutive 20-row batches makes the same updates as trainOnBatch on those batches
        Network viaFit = mlp();
        Network viaBatches = mlp();
        Optimizer sgd = Optimizer.sgd(0.1f);
        viaFit.fit(DATA, new FitOptions().epochs(1).batchSize(20).shuffle(false).optimizer(sgd));
        BatchTrainer t = viaBatches.batchTrainer(sgd, 20);
        for (int from = 0; from < DATA.size(); from += 20) {
            t.trainOnBatch(DATA.subset(from, from + 20));
        }
        Tensors.assertSame(viaFit, viaBatches);
    }

    @Test
    void earlyStoppingStopsWhenTheMetricOnlyTies() {
        for (Metric m : List.of(Metric.TRAINING_LOSS, Metric.TRAINING_ACCURACY)) {
            TrainingHistory h = mlp().fit(
                            DATA,
                            new FitOptions()
                                    .epochs(10)
                                    .batchSize(60)
                                    .schedule(FROZEN)
                                    .earlyStopping(m, 2));
            assertEquals(TrainingHistory.StopReason.EARLY_STOPPING, h.stopReason(), m.toString());
            assertEquals(3, h.epochs().size(), m.toString());
        }
    }

    @Test
    void aResumedFitCountsTheCheckpointsEpochsTowardsPatience(@TempDir Path dir) {
        Path ckpt = dir.resolve("run.simdnn");
        mlp().fit(
                        DATA,
                        new FitOptions()
                                .epochs(2)
                                .batchSize(60)
                                .schedule(FROZEN)
                                .checkpoint(ckpt));
        TrainingHistory h = mlp().fit(
                        DATA,
                        new FitOptions()
                                .epochs(10)
                                .batchSize(60)
                                .schedule(FROZEN)
                                .resumeFrom(ckpt)
                                .earlyStopping(Metric.TRAINING_LOSS, 2));
        // epochs 0 and 1 from the checkpoint: best at 0, one epoch without improvement; epoch 2 is the second
        assertEquals(TrainingHistory.StopReason.EARLY_STOPPING, h.stopReason());
        assertEquals(3, h.epochs().size());
    }

    @Test
    void fitChecksBatchNormBatchesAndClassMetrics() {
        Network bn = Network.builder(5)
                .dense(4)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .build();
        var one = assertThrows(IllegalArgumentException.class, () -> bn.fit(DATA, new FitOptions().batchSize(1)));
        assertTrue(one.getMessage().contains("batchSize is 1 and the training data has 60 row(s)"), one.getMessage());
        assertTrue(one.getMessage().endsWith("at least 2 and at least 2 samples"), one.getMessage());
        var rows = assertThrows(
                IllegalArgumentException.class, () -> bn.fit(DATA.subset(0, 1), new FitOptions().batchSize(8)));
        assertTrue(rows.getMessage().contains("training data has 1 row(s)"), rows.getMessage());
        // two rows and a batch of two are enough
        assertEquals(
                1,
                bn.fit(DATA.subset(0, 2), new FitOptions().epochs(1).batchSize(2))
                        .epochs()
                        .size());

        Network regression = Network.builder(5).dense(1).mse().build();
        var acc = assertThrows(
                IllegalArgumentException.class,
                () -> regression.fit(
                        Synthetic.regression(20, 5, 2), new FitOptions().earlyStopping(Metric.TRAINING_ACCURACY, 2)));
        assertTrue(acc.getMessage().contains("needs a classifier"), acc.getMessage());
    }

    @Test
    void fitChecksEachBatchOfASource() {
        Dataset wide = Synthetic.blobs(4, 6, 3, 1.0, 1);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> mlp().fit(
                                BatchSource.of(List.of(DATA.subset(0, 20), wide)),
                                new FitOptions().epochs(1).batchSize(20)));
        assertTrue(e.getMessage().contains("batch 1 of epoch 0"), e.getMessage());
    }

    @Test
    void trainOnBatchChecksTheBatch() {
        Network bn = Network.builder(5)
                .dense(4)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .build();
        BatchTrainer t = bn.batchTrainer(Optimizer.sgd(0.1f), 8);
        var one = assertThrows(IllegalArgumentException.class, () -> t.trainOnBatch(DATA.subset(0, 1)));
        assertTrue(one.getMessage().contains("the batch has 1"), one.getMessage());
        assertTrue(Float.isFinite(t.trainOnBatch(DATA.subset(0, 2))));
        Dataset wide = Synthetic.blobs(4, 6, 3, 1.0, 1);
        assertThrows(IllegalArgumentException.class, () -> t.trainOnBatch(wide));
        assertEquals(0.1f, t.optimizer().currentLearningRate());
    }

    @Test
    void anOverflowingBatchPutsBackTheWeightsOfTheLastFiniteLossAndNamesTheLargestInput() {
        Network net = Network.builder(5).dense(8).relu().dense(1).mse().seed(3).build();
        Dataset data = Synthetic.regression(40, 5, 2);
        BatchTrainer t = net.batchTrainer(Optimizer.sgd(0.01f), 20);
        t.trainOnBatch(data.subset(0, 20));
        Map<String, float[]> afterFirst = Tensors.all(net);
        t.trainOnBatch(data.subset(20, 40));
        // finite inputs whose weighted sums overflow; the largest sits in the batch's last row
        float[] x = new float[4 * 5];
        java.util.Arrays.fill(x, 1e38f);
        x[x.length - 1] = 3e38f;
        Dataset huge = Dataset.regression(x, 4, 5, new float[4], 1);
        var e = assertThrows(ArithmeticException.class, () -> t.trainOnBatch(huge));
        assertTrue(
                e.getMessage().contains("update 3")
                        && e.getMessage().contains("largest |x| in the batch 3.0E38")
                        && e.getMessage().contains("forward pass overflowed"),
                e.getMessage());
        // the weights that gave the second step's finite loss: those before its update
        Map<String, float[]> now = Tensors.all(net);
        for (var p : afterFirst.entrySet()) {
            assertArrayEquals(p.getValue(), now.get(p.getKey()), p.getKey());
        }
    }

    @Test
    void optimizerStateExportsOnlyTheMomentsItHasAndRestoreNamesWhatIsWrong() {
        Network net = mlp();
        OptimizerState sgd = net.optimizerState(Optimizer.sgd(0.1f).momentum(0.9f));
        sgd.apply(net.gradients(DATA, 0));
        Map<String, float[]> exported = sgd.export().arrays();
        assertEquals(
                List.of("dense_1.weight.first", "dense_1.bias.first", "dense_2.weight.first", "dense_2.bias.first"),
                List.copyOf(exported.keySet()));

        Map<String, float[]> renamed = new HashMap<>(exported);
        renamed.put("dense_9.weight.first", renamed.remove("dense_1.weight.first"));
        var missing = assertThrows(
                IllegalArgumentException.class, () -> sgd.restore(new OptimizerState.Exported(1, renamed)));
        assertEquals("the optimizer state has no dense_1.weight.first", missing.getMessage());

        Map<String, float[]> shortened = new HashMap<>(exported);
        shortened.put("dense_2.bias.first", new float[2]);
        var length = assertThrows(
                IllegalArgumentException.class, () -> sgd.restore(new OptimizerState.Exported(1, shortened)));
        assertEquals("dense_2.bias.first has 2 values, expected 3", length.getMessage());

        OptimizerState adam = net.optimizerState(Optimizer.adam(0.01f));
        adam.apply(net.gradients(DATA, 0));
        Map<String, float[]> moments = new HashMap<>(adam.export().arrays());
        assertEquals(8, moments.size());
        moments.put("dense_1.bias.second", new float[7]);
        var second = assertThrows(
                IllegalArgumentException.class, () -> adam.restore(new OptimizerState.Exported(1, moments)));
        assertEquals("dense_1.bias.second has 7 values, expected 8", second.getMessage());
    }

    @Test
    void gradientNamesAreTheTrainableTensorsInLayerOrder() {
        Gradients g = mlp().gradients(DATA.subset(0, 10), 0);
        assertEquals(List.of("dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias"), g.names());
    }

    @Test
    void batchStatisticsAreValues() {
        BatchStatistics a = new BatchStatistics("bn", 2, new double[] {1, 2}, new double[] {0.5, 0.25});
        BatchStatistics same = new BatchStatistics("bn", 2, new double[] {1, 2}, new double[] {0.5, 0.25});
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertEquals("BatchStatistics[bn, 2 rows, 2 features]", a.toString());
        assertNotEquals(a, new BatchStatistics("bn2", 2, new double[] {1, 2}, new double[] {0.5, 0.25}));
        assertNotEquals(a, new BatchStatistics("bn", 3, new double[] {1, 2}, new double[] {0.5, 0.25}));
        assertNotEquals(a, new BatchStatistics("bn", 2, new double[] {1, 3}, new double[] {0.5, 0.25}));
        assertNotEquals(a, new BatchStatistics("bn", 2, new double[] {1, 2}, new double[] {0.5, 0.5}));
        assertNotEquals(a, (Object) "bn");
        assertArrayEquals(new double[] {0.5, 0.25}, a.variance());
        assertThrows(
                IllegalArgumentException.class, () -> new BatchStatistics("bn", 1, new double[] {1}, new double[] {0}));
    }
}
