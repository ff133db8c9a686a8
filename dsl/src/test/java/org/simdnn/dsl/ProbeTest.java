package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.simdnn.core.BatchNorm;

class ProbeTest {

    private static final Dataset DATA = Synthetic.blobs(300, 5, 3, 6, 8);

    private static Network trained() {
        Network net = Network.builder(5)
                .dense(4)
                .batchNorm()
                .sigmoid()
                .dropout(0.3f)
                .dense(3)
                .softmax()
                .seed(4)
                .build();
        net.fit(DATA, new FitOptions().epochs(2).optimizer(Optimizer.sgd(0.05f).momentum(0.9f)));
        return net;
    }

    @Test
    void preActivationIsTheBatchNormOutputAndPostIsItsSigmoid() {
        Network net = trained();
        int rows = 20;
        float[] x = Arrays.copyOf(DATA.features(), rows * 5);
        float[] pre = net.probe("dense_1", Probe.PRE_ACTIVATION, x, rows);
        float[] post = net.probe("dense_1", Probe.POST_ACTIVATION, x, rows);
        assertArrayEquals(pre, net.probe("batch_norm_1", Probe.PRE_ACTIVATION, x, rows));
        assertArrayEquals(post, net.probe("sigmoid_1", Probe.POST_ACTIVATION, x, rows));
        float[] w = net.tensor("dense_1.weight");
        float[] gamma = net.tensor("batch_norm_1.gamma");
        float[] beta = net.tensor("batch_norm_1.beta");
        float[] rm = net.tensor("batch_norm_1.running_mean");
        float[] rv = net.tensor("batch_norm_1.running_var");
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < 4; u++) {
                double z = 0;
                for (int j = 0; j < 5; j++) {
                    z += (double) x[r * 5 + j] * w[u * 5 + j];
                }
                double bn = gamma[u] * (z - rm[u]) / Math.sqrt(rv[u] + BatchNorm.DEFAULT_EPS) + beta[u];
                assertEquals(bn, pre[r * 4 + u], 1e-5, "pre-activation row " + r + " unit " + u);
                assertEquals(1 / (1 + Math.exp(-bn)), post[r * 4 + u], 1e-5, "post-activation row " + r);
            }
        }
        // inference-mode dropout is the identity
        assertArrayEquals(post, net.probe("dropout_1", Probe.POST_ACTIVATION, x, rows));
    }

    @Test
    void outputLayerProbeGivesLogitsAndProbabilities() {
        Network net = trained();
        float[] x = Arrays.copyOf(DATA.features(), 10 * 5);
        assertArrayEquals(net.predict(x, 10), net.probe("softmax_1", Probe.POST_ACTIVATION, x, 10));
        float[] logits = net.probe("dense_2", Probe.PRE_ACTIVATION, x, 10);
        assertEquals(30, logits.length);
        assertTrue(Math.abs(logits[0] + logits[1] + logits[2] - 1) > 1e-3, "logits, not probabilities");
    }

    @Test
    void unknownLayerListsTheNames() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> trained().probe("dense_9", Probe.PRE_ACTIVATION, new float[5], 1));
        assertTrue(
                e.getMessage().contains("no layer named \"dense_9\"")
                        && e.getMessage().contains("sigmoid_1"),
                e.getMessage());
    }
}
