package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingTest {

    private static final Dataset DATA = Synthetic.blobs(3000, 10, 4, 4.0, 11);

    @Test
    void batchNormNetworkLearnsSeparableBlobs() {
        Dataset.Split split = DATA.split(0.8, 3);
        Network net = Network.builder(10)
                .dense(32)
                .batchNorm()
                .relu()
                .dense(16)
                .relu()
                .dense(4)
                .softmax()
                .seed(42)
                .build();
        double before = net.evaluate(split.test()).accuracy();
        TrainingHistory h = net.fit(
                split.train(),
                new FitOptions()
                        .epochs(4)
                        .batchSize(32)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f)));
        Evaluation e = net.evaluate(split.test());
        assertTrue(
                e.accuracy() >= 0.97,
                "test accuracy " + e.accuracy() + " (before training " + before + "), " + h.epochs());
        assertTrue(
                h.last().trainLoss() < h.epochs().get(0).trainLoss(), h.epochs().toString());
        assertEquals(4, h.epochs().size());
        assertEquals(TrainingHistory.StopReason.COMPLETED, h.stopReason());

        int[] classes = net.predictClasses(split.test().features(), split.test().size());
        long right = 0;
        for (int i = 0; i < classes.length; i++) {
            right += classes[i] == split.test().labels()[i] ? 1 : 0;
        }
        assertEquals(e.accuracy(), (double) right / classes.length, 1e-12);
        int[][] confusion = e.confusionMatrix();
        long diagonal = 0;
        for (int c = 0; c < 4; c++) {
            diagonal += confusion[c][c];
        }
        assertEquals(right, diagonal);
    }

    @Test
    void lossDecreasesOverTheFirstEpoch() {
        Network net = Network.builder(10)
                .dense(32)
                .batchNorm()
                .relu()
                .dense(4)
                .softmax()
                .seed(8)
                .build();
        java.util.List<Float> losses = new java.util.ArrayList<>();
        net.fit(
                DATA,
                new FitOptions()
                        .epochs(1)
                        .batchSize(32)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f))
                        .listener(TrainingListener.onStep(e -> losses.add(e.loss()))));
        int k = 10;
        double first = losses.subList(0, k).stream()
                .mapToDouble(Float::doubleValue)
                .average()
                .orElseThrow();
        double last = losses.subList(losses.size() - k, losses.size()).stream()
                .mapToDouble(Float::doubleValue)
                .average()
                .orElseThrow();
        assertTrue(last < first / 2, "mean loss of the first " + k + " steps " + first + ", of the last " + last);
    }

    @Test
    void predictGivesProbabilitiesAndIsChunkIndependent() {
        Network net = Network.builder(10)
                .dense(8)
                .tanh()
                .dense(4)
                .softmax()
                .seed(1)
                .maxBatch(7)
                .build();
        net.fit(DATA, new FitOptions().epochs(1).batchSize(7).optimizer(Optimizer.sgd(0.05f)));
        float[] p = net.predict(java.util.Arrays.copyOf(DATA.features(), 500), 50);
        for (int r = 0; r < 50; r++) {
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                assertTrue(p[r * 4 + c] >= 0 && p[r * 4 + c] <= 1);
                sum += p[r * 4 + c];
            }
            assertEquals(1.0, sum, 1e-5);
        }
        // 50 rows run as chunks of 7; each row alone must give the same bits (inference is row-independent)
        for (int r = 0; r < 50; r += 13) {
            float[] one = net.predict(java.util.Arrays.copyOfRange(DATA.features(), r * 10, r * 10 + 10), 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(p, r * 4, r * 4 + 4), one);
        }
    }

    @Test
    void regressionNetworkFitsSmoothTarget() {
        Dataset data = Synthetic.regression(2000, 3, 5);
        Network net = Network.builder(3)
                .dense(32)
                .tanh()
                .dense(32)
                .tanh()
                .dense(1)
                .mse()
                .seed(3)
                .build();
        double before = net.evaluate(data).loss();
        net.fit(data, new FitOptions().epochs(20).batchSize(32).optimizer(Optimizer.adam(0.01f)));
        double after = net.evaluate(data).loss();
        assertTrue(after < 0.02 && after < before / 10, "MSE before " + before + ", after " + after);
    }
}
