package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.core.BatchNorm;

class BatchNormBehaviourTest {

    @Test
    void runningStatisticsConvergeToTheDataStatistics() {
        // batch norm directly on the input sees the raw data whatever the weights do
        int f = 3;
        int n = 4000;
        double[] mean = {5, -2, 0.5};
        double[] std = {2, 0.1, 7};
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) (mean[j] + std[j] * r.nextGaussian());
            }
            y[i] = r.nextInt(2);
        }
        Network net = Network.builder(f).batchNorm().dense(2).softmax().build();
        net.fit(
                Dataset.classification(x, n, f, y, 2),
                new FitOptions().epochs(2).batchSize(100).optimizer(Optimizer.sgd(0.01f)));
        float[] rm = net.tensor("batch_norm_1.running_mean");
        float[] rv = net.tensor("batch_norm_1.running_var");
        for (int j = 0; j < f; j++) {
            // momentum 0.1 over batches of 100: the running mean averages ~10 batches, error ~ std / sqrt(1000)
            assertEquals(mean[j], rm[j], 0.15 * std[j], "running mean of feature " + j);
            assertEquals(std[j] * std[j], rv[j], 0.2 * std[j] * std[j], "running variance of feature " + j);
        }
    }

    @Test
    void evalOutputEqualsTheAffineFormulaFromRunningStatistics() {
        Dataset data = Synthetic.blobs(600, 6, 3, 4, 2);
        Network net = Network.builder(6)
                .dense(5)
                .batchNorm()
                .relu()
                .dense(3)
                .softmax()
                .seed(9)
                .build();
        net.fit(
                data,
                new FitOptions()
                        .epochs(3)
                        .batchSize(32)
                        .optimizer(Optimizer.sgd(0.05f).momentum(0.9f)));
        float[] w1 = net.tensor("dense_1.weight");
        float[] gamma = net.tensor("batch_norm_1.gamma");
        float[] beta = net.tensor("batch_norm_1.beta");
        float[] rm = net.tensor("batch_norm_1.running_mean");
        float[] rv = net.tensor("batch_norm_1.running_var");
        float[] w2 = net.tensor("dense_2.weight");
        float[] b2 = net.tensor("dense_2.bias");
        int rows = 40;
        float[] x = java.util.Arrays.copyOf(data.features(), rows * 6);
        float[] probs = net.predict(x, rows);
        for (int r = 0; r < rows; r++) {
            double[] h = new double[5];
            for (int u = 0; u < 5; u++) {
                double z = 0;
                for (int j = 0; j < 6; j++) {
                    z += (double) x[r * 6 + j] * w1[u * 6 + j];
                }
                double bn = gamma[u] * (z - rm[u]) / Math.sqrt(rv[u] + BatchNorm.DEFAULT_EPS) + beta[u];
                h[u] = Math.max(0, bn);
            }
            double[] logits = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                logits[c] = b2[c];
                for (int u = 0; u < 5; u++) {
                    logits[c] += h[u] * w2[c * 5 + u];
                }
                max = Math.max(max, logits[c]);
            }
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(logits[c] - max);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.exp(logits[c] - max) / sum, probs[r * 3 + c], 1e-5, "row " + r + " class " + c);
            }
        }
    }
}
