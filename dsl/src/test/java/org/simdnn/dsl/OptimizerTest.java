package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.simdnn.core.Optimizers;

class OptimizerTest {

    /** dense_1.weight {1, -2}, dense_1.bias {3}, batch_norm_1.gamma {1}, batch_norm_1.beta {0.5}. */
    private static Network net() {
        Network n = Network.builder(2)
                .dense(1, Init.he(), true)
                .batchNorm()
                .identity()
                .dense(2)
                .softmax()
                .build();
        n.setTensor("dense_1.weight", new float[] {1f, -2f});
        n.setTensor("dense_1.bias", new float[] {3f});
        n.setTensor("batch_norm_1.beta", new float[] {0.5f});
        return n;
    }

    /** Zero gradients for every trainable tensor: only weight decay moves anything. */
    private static Gradients zeros(Network n) {
        Map<String, float[]> g = new LinkedHashMap<>();
        for (TensorInfo t : n.tensors()) {
            if (t.trainable()) {
                g.put(t.name(), new float[t.size()]);
            }
        }
        return new Gradients(0f, 1, g, List.of());
    }

    @Test
    void weightDecayAppliesToWeightsOnlyUnlessAsked() {
        for (Optimizer o : List.of(Optimizer.sgd(0.1f).weightDecay(0.5f), Optimizer.adamW(0.1f, 0.5f))) {
            Network p = net();
            p.optimizerState(o).apply(zeros(p));
            assertTrue(Math.abs(p.tensor("dense_1.weight")[0]) < 1f, o + " decays weights");
            assertArrayEquals(new float[] {3f}, p.tensor("dense_1.bias"), o + " leaves the bias");
            assertArrayEquals(new float[] {1f}, p.tensor("batch_norm_1.gamma"), o + " leaves gamma");
            assertArrayEquals(new float[] {0.5f}, p.tensor("batch_norm_1.beta"), o + " leaves beta");
            Network all = net();
            all.optimizerState(o.decayAllParameters(true)).apply(zeros(all));
            assertTrue(all.tensor("dense_1.bias")[0] < 3f
                    && all.tensor("batch_norm_1.gamma")[0] < 1f
                    && all.tensor("batch_norm_1.beta")[0] < 0.5f);
        }
        Network p = net();
        p.optimizerState(Optimizer.sgd(0.1f).weightDecay(0.5f)).apply(zeros(p));
        assertEquals(1f - 0.1f * 0.5f, p.tensor("dense_1.weight")[0], 1e-7f);
    }

    @Test
    void schedules() {
        LearningRateSchedule step = LearningRateSchedule.step(2, 0.5f);
        float[] got = new float[5];
        for (int e = 0; e < 5; e++) {
            got[e] = step.learningRate(1f, e, 5);
        }
        assertArrayEquals(new float[] {1f, 1f, 0.5f, 0.5f, 0.25f}, got);
        LearningRateSchedule cos = LearningRateSchedule.cosine(0.1f);
        assertEquals(1f, cos.learningRate(1f, 0, 5));
        assertEquals(0.55f, cos.learningRate(1f, 2, 5), 1e-6f);
        assertEquals(0.1f, cos.learningRate(1f, 4, 5), 1e-6f);
        assertEquals(0.3f, LearningRateSchedule.constant().learningRate(0.3f, 7, 9));
    }

    @Test
    void misuse() {
        assertThrows(IllegalStateException.class, () -> Optimizer.adam(0.1f).momentum(0.9f));
        assertThrows(IllegalStateException.class, () -> Optimizer.sgd(0.1f).betas(0.9f, 0.99f));
        var e = assertThrows(
                IllegalArgumentException.class, () -> Optimizer.sgd(0.1f).nesterov(true));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(-1f));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5f));
    }

    /** Three updates of one weight tensor through the dsl, with a gradient that changes from step to step. */
    private static float[] viaDsl(Optimizer o) {
        Network n = Network.builder(3).dense(1, Init.he(), false).mse().build();
        n.setTensor("dense_1.weight", new float[] {1f, -2f, 0.5f});
        OptimizerState state = n.optimizerState(o);
        for (int t = 1; t <= 3; t++) {
            float[] g = {0.3f * t, -0.7f, 0.1f / t};
            state.apply(new Gradients(0f, 1, Map.of("dense_1.weight", g), List.of()));
        }
        assertEquals(3, state.steps());
        return n.tensor("dense_1.weight");
    }

    /** The same three updates straight through the core kernel with the hyper-parameters the dsl promises. */
    private static float[] viaCore(Object record) {
        float[] w = {1f, -2f, 0.5f};
        float[] g = new float[3];
        float[] m = new float[3];
        float[] v = new float[3];
        for (int t = 1; t <= 3; t++) {
            g[0] = 0.3f * t;
            g[1] = -0.7f;
            g[2] = 0.1f / t;
            if (record instanceof Optimizers.Sgd sgd) {
                Optimizers.sgd(sgd, w, 0, g, 0, m, 0, 3);
            } else {
                Optimizers.adam((Optimizers.Adam) record, t, w, 0, g, 0, m, 0, v, 0, 3);
            }
        }
        return w;
    }

    @Test
    void hyperParametersReachTheCoreKernels() {
        float[] nesterov = viaDsl(Optimizer.sgd(0.1f).momentum(0.9f).nesterov(true));
        assertArrayEquals(viaCore(new Optimizers.Sgd(0.1f, 0.9f, 0f, true)), nesterov);
        float[] heavyBall = viaDsl(Optimizer.sgd(0.1f).momentum(0.9f));
        assertArrayEquals(viaCore(new Optimizers.Sgd(0.1f, 0.9f, 0f, false)), heavyBall);
        assertFalse(Arrays.equals(nesterov, heavyBall), "Nesterov and heavy-ball momentum differ");
        assertArrayEquals(
                viaCore(new Optimizers.Adam(0.01f, 0.8f, 0.99f, 1e-8f, 0f, false)),
                viaDsl(Optimizer.adam(0.01f).betas(0.8f, 0.99f)));
        assertArrayEquals(
                viaCore(new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, true)),
                viaDsl(Optimizer.adamW(0.01f, 0.1f)));
        assertArrayEquals(
                viaCore(new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, false)),
                viaDsl(Optimizer.adam(0.01f).weightDecay(0.1f)),
                "Adam's weight decay is L2, AdamW's decoupled");
    }
}
