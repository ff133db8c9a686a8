package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FitBehaviourTest {

    private static final Dataset BLOBS = Synthetic.blobs(1000, 8, 3, 6, 21);

    private static Network small() {
        return Network.builder(8)
                .dense(16)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .seed(3)
                .build();
    }

    @Test
    void nanLossStopsWithEpochStepAndHintAndKeepsTheLastGoodWeights() {
        Dataset data = Synthetic.regression(200, 3, 2);
        Network net = Network.builder(3).dense(8).relu().dense(1).mse().seed(1).build();
        var initial = Tensors.parameters(net);
        var e = assertThrows(
                ArithmeticException.class,
                () -> net.fit(
                        data,
                        new FitOptions().epochs(1).batchSize(20).shuffle(false).optimizer(Optimizer.sgd(1e30f))));
        // step 0 has a finite loss and an update to ~1e30 weights; step 1 overflows
        assertTrue(
                e.getMessage().contains("epoch 0, step 1") && e.getMessage().contains("learning rate"), e.getMessage());
        var now = Tensors.parameters(net);
        for (String name : now.keySet()) {
            assertArrayEquals(initial.get(name), now.get(name), name);
        }
        for (float v : net.predict(data.features(), data.size())) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void nanHintBlamesTheDataWhenTheFirstStepOverflowsAndTheRateAfterAnUpdate() {
        // finite but huge inputs: the first forward pass overflows before any update, whatever the learning rate
        float[] x = new float[40 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? 3e38f : -3e38f) / (1 + (i % 7));
        }
        Dataset huge = Dataset.regression(x, 40, 3, new float[40], 1);
        Network net = Network.builder(3).dense(8).relu().dense(1).mse().seed(1).build();
        var data = assertThrows(
                ArithmeticException.class,
                () -> net.fit(huge, new FitOptions().epochs(1).batchSize(20).optimizer(Optimizer.sgd(1e-4f))));
        assertTrue(
                data.getMessage().contains("before any update")
                        && data.getMessage().contains("input data")
                        && !data.getMessage().contains("lower the learning rate"),
                data.getMessage());
        // sane inputs, absurd rate: the update is to blame
        Network net2 = Network.builder(3).dense(8).relu().dense(1).mse().seed(1).build();
        var rate = assertThrows(
                ArithmeticException.class,
                () -> net2.fit(
                        Synthetic.regression(200, 3, 2),
                        new FitOptions().epochs(1).batchSize(20).shuffle(false).optimizer(Optimizer.sgd(1e30f))));
        assertTrue(rate.getMessage().contains("learning rate (now 1.0E30)"), rate.getMessage());
    }

    @Test
    void nanLossWithBatchNormAlsoPutsBackTheRunningStatistics() {
        Dataset data = Synthetic.regression(200, 3, 2);
        Network net = Network.builder(3)
                .dense(8)
                .batchNorm()
                .relu()
                .dense(1)
                .mse()
                .seed(1)
                .build();
        var e = assertThrows(
                ArithmeticException.class,
                () -> net.fit(
                        data,
                        new FitOptions().epochs(1).batchSize(20).shuffle(false).optimizer(Optimizer.sgd(1e30f))));
        assertTrue(e.getMessage().contains("epoch 0, step "), e.getMessage());
        // the failing step's forward saw ~1e30 pre-activations: its batch variance overflowed into the running one
        for (float[] stats : Tensors.states(net).values()) {
            for (float v : stats) {
                assertTrue(Float.isFinite(v), "running statistic " + v + " after the failed step");
            }
        }
        for (var p : Tensors.parameters(net).entrySet()) {
            for (float v : p.getValue()) {
                assertTrue(Float.isFinite(v), p.getKey() + " " + v);
            }
        }
        for (float v : net.predict(data.features(), data.size())) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void listenerSeesStepsAndCanStopAndEvaluate() {
        Network net = small();
        List<Integer> sizes = new ArrayList<>();
        AtomicReference<Double> evaluated = new AtomicReference<>();
        TrainingHistory h = net.fit(
                BLOBS,
                new FitOptions()
                        .epochs(5)
                        .batchSize(100)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f))
                        .listener(new TrainingListener() {
                            @Override
                            public void onStep(StepEvent e) {
                                sizes.add(e.batchSize());
                                assertTrue(Float.isFinite(e.loss()) && e.accuracy() >= 0 && e.accuracy() <= 1);
                                if (e.epoch() == 1 && e.step() == 3) {
                                    evaluated.set(e.network().evaluate(BLOBS).accuracy());
                                    e.stopTraining();
                                }
                            }
                        }));
        assertEquals(TrainingHistory.StopReason.LISTENER, h.stopReason());
        assertEquals(2, h.epochs().size());
        assertEquals(10 + 4, sizes.size());
        assertTrue(evaluated.get() > 0.5);
    }

    @Test
    void epochListenerStopsAndNestedFitIsRefused() {
        Network net = small();
        AtomicReference<Throwable> nested = new AtomicReference<>();
        TrainingHistory h = net.fit(BLOBS, new FitOptions().epochs(5).listener(TrainingListener.onEpoch(e -> {
                    nested.set(assertThrows(
                            IllegalStateException.class, () -> e.network().fit(BLOBS, new FitOptions())));
                    e.stopTraining();
                })));
        assertEquals(1, h.epochs().size());
        assertEquals(TrainingHistory.StopReason.LISTENER, h.stopReason());
        assertTrue(
                nested.get().getMessage().contains("inside a running fit"),
                nested.get().getMessage());
    }

    @Test
    void concurrentFitIsRefusedWithAClearMessage() throws Exception {
        Network net = small();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-A"));
        try {
            Future<TrainingHistory> first =
                    pool.submit(() -> net.fit(BLOBS, new FitOptions().epochs(1).listener(TrainingListener.onStep(e -> {
                                inside.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException ex) {
                                    Thread.currentThread().interrupt();
                                }
                            }))));
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            var e = assertThrows(IllegalStateException.class, () -> net.fit(BLOBS, new FitOptions()));
            assertTrue(e.getMessage().contains("already being trained by thread \"trainer-A\""), e.getMessage());
            release.countDown();
            assertEquals(1, first.get(30, TimeUnit.SECONDS).epochs().size());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void inferenceFromManyThreadsMatchesSingleThreaded() throws Exception {
        Network net = small();
        net.fit(BLOBS, new FitOptions().epochs(1));
        float[] expected = net.predict(BLOBS.features(), BLOBS.size());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    float[] last = null;
                    for (int i = 0; i < 5; i++) {
                        last = net.predict(BLOBS.features(), BLOBS.size());
                    }
                    return last;
                }));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
        Network net = Network.builder(8).dense(3).softmax().build();
        // learning rate 0 and a fixed order: every epoch has exactly the same loss, never an improvement
        TrainingHistory h = net.fit(
                BLOBS,
                new FitOptions()
                        .epochs(20)
                        .shuffle(false)
                        .optimizer(Optimizer.sgd(0f))
                        .earlyStopping(Metric.TRAINING_LOSS, 3));
        assertEquals(TrainingHistory.StopReason.EARLY_STOPPING, h.stopReason());
        assertEquals(4, h.epochs().size());
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> net.fit(BLOBS, new FitOptions().earlyStopping(Metric.VALIDATION_ACCURACY, 2)));
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
    }

    @Test
    void earlyStoppingKnowsWhichDirectionIsBetter() {
        // full-batch gradient descent with a small rate: the training loss falls every epoch, so a loss watcher
        // with patience 1 must never stop
        Network net = Network.builder(8).dense(3).softmax().seed(8).build();
        TrainingHistory h = net.fit(
                BLOBS,
                new FitOptions()
                        .epochs(6)
                        .batchSize(BLOBS.size())
                        .shuffle(false)
                        .optimizer(Optimizer.sgd(0.01f))
                        .earlyStopping(Metric.TRAINING_LOSS, 1));
        for (int e = 1; e < h.epochs().size(); e++) {
            assertTrue(h.epochs().get(e).trainLoss() < h.epochs().get(e - 1).trainLoss(), "precondition: " + h);
        }
        assertEquals(TrainingHistory.StopReason.COMPLETED, h.stopReason());
        assertEquals(6, h.epochs().size());
        // accuracy is higher-is-better: replay the rule on the recorded epochs and compare with what fit did
        Network acc = Network.builder(8).dense(3).softmax().seed(9).build();
        TrainingHistory ha = acc.fit(
                BLOBS,
                new FitOptions()
                        .epochs(8)
                        .batchSize(BLOBS.size())
                        .shuffle(false)
                        .optimizer(Optimizer.sgd(0.1f))
                        .earlyStopping(Metric.TRAINING_ACCURACY, 3));
        double best = Double.NaN;
        int since = 0;
        int expectedEpochs = 8;
        boolean rises = false;
        for (int e = 0; e < ha.epochs().size(); e++) {
            double a = ha.epochs().get(e).trainAccuracy();
            rises |= e > 0 && a > ha.epochs().get(e - 1).trainAccuracy();
            if (Double.isNaN(best) || a > best) {
                best = a;
                since = 0;
            } else if (++since >= 3) {
                expectedEpochs = e + 1;
                break;
            }
        }
        assertTrue(rises, "precondition: the accuracy rises at least once in " + ha);
        assertEquals(expectedEpochs, ha.epochs().size(), ha.toString());
        assertEquals(
                expectedEpochs < 8 ? TrainingHistory.StopReason.EARLY_STOPPING : TrainingHistory.StopReason.COMPLETED,
                ha.stopReason());
    }

    @Test
    void validationSplitAndSetAreEvaluatedEveryEpoch() {
        Network net = small();
        TrainingHistory h = net.fit(
                BLOBS,
                new FitOptions()
                        .epochs(3)
                        .validationSplit(0.2)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f))
                        .earlyStopping(Metric.VALIDATION_ACCURACY, 5));
        for (EpochStats s : h.epochs()) {
            assertTrue(Double.isFinite(s.validationLoss()) && s.validationAccuracy() > 0.5, s.toString());
        }
        Dataset other = Synthetic.blobs(100, 8, 3, 4, 21);
        TrainingHistory h2 = net.fit(BLOBS, new FitOptions().epochs(1).validation(other));
        assertEquals(net.evaluate(other).loss(), h2.last().validationLoss(), 0.0);
    }

    @Test
    void lastBatchOfOneRowIsSkippedOnlyWithBatchNorm() {
        Dataset data = Synthetic.blobs(33, 8, 3, 4, 5);
        List<Integer> withBn = new ArrayList<>();
        small().fit(
                        data,
                        new FitOptions()
                                .epochs(1)
                                .batchSize(16)
                                .listener(TrainingListener.onStep(e -> withBn.add(e.batchSize()))));
        assertEquals(List.of(16, 16), withBn);
        List<Integer> without = new ArrayList<>();
        Network.builder(8)
                .dense(3)
                .softmax()
                .build()
                .fit(
                        data,
                        new FitOptions()
                                .epochs(1)
                                .batchSize(16)
                                .listener(TrainingListener.onStep(e -> without.add(e.batchSize()))));
        assertEquals(List.of(16, 16, 1), without);
    }

    @Test
    void scheduleSetsTheLearningRateThatTheOptimizerUses() {
        Network net = Network.builder(8).dense(3).softmax().seed(6).build();
        List<Float> rates = new ArrayList<>();
        List<List<float[]>> afterEpoch = new ArrayList<>();
        net.fit(
                BLOBS,
                new FitOptions()
                        .epochs(4)
                        .batchSize(200)
                        .optimizer(Optimizer.sgd(0.1f))
                        .schedule(LearningRateSchedule.step(2, Float.MIN_VALUE))
                        .listener(new TrainingListener() {
                            @Override
                            public void onStep(StepEvent e) {
                                if (e.step() == 0) {
                                    rates.add(e.learningRate());
                                }
                            }

                            @Override
                            public void onEpoch(EpochEvent e) {
                                afterEpoch.add(List.copyOf(
                                        Tensors.parameters(e.network()).values()));
                            }
                        }));
        // 0.1 * 2^-149 rounds to 0 in float: from epoch 2 on, the weights must not move
        assertEquals(List.of(0.1f, 0.1f, 0f, 0f), rates);
        for (int i = 0; i < afterEpoch.get(1).size(); i++) {
            assertTrue(
                    !java.util.Arrays.equals(
                            afterEpoch.get(0).get(i), afterEpoch.get(1).get(i)),
                    "epoch 1 (rate 0.1) moves tensor " + i);
            assertArrayEquals(
                    afterEpoch.get(1).get(i), afterEpoch.get(3).get(i), "epochs 2-3 (rate 0) keep tensor " + i);
        }
    }

    @Test
    void optimizersAllLearn() {
        for (Optimizer o : List.of(
                Optimizer.sgd(0.05f).momentum(0.9f).nesterov(true),
                Optimizer.adam(0.01f),
                Optimizer.adamW(0.01f, 0.01f),
                Optimizer.sgd(0.1f).weightDecay(1e-4f))) {
            Network net = small();
            net.fit(BLOBS, new FitOptions().epochs(3).optimizer(o).schedule(LearningRateSchedule.cosine(0f)));
            assertTrue(net.evaluate(BLOBS).accuracy() > 0.95, o.toString());
        }
    }

    @Test
    void standardizeFitsOnTrainingDataAndIsRequiredBeforePredict() {
        // features far from zero with a large spread: raw SGD on them diverges or crawls
        Dataset raw = Synthetic.blobs(1000, 8, 3, 6, 21);
        float[] x = raw.features().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000f + 50f * x[i];
        }
        Dataset far = Dataset.classification(x, raw.size(), 8, raw.labels(), 3);
        Network net = Network.builder(8)
                .standardize()
                .dense(16)
                .relu()
                .dense(3)
                .softmax()
                .seed(2)
                .build();
        var e = assertThrows(IllegalStateException.class, () -> net.predict(new float[8], 1));
        assertTrue(e.getMessage().contains("call fit before predict"), e.getMessage());
        net.fit(far, new FitOptions().epochs(3).optimizer(Optimizer.sgd(0.05f).momentum(0.9f)));
        assertTrue(
                net.evaluate(far).accuracy() >= 0.97,
                String.valueOf(net.evaluate(far).accuracy()));
    }
}
