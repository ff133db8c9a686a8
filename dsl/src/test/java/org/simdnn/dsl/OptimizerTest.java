package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simdnn.core.Optimizers;
import org.simdnn.dsl.internal.plan.Parameter;

class OptimizerTest {

    private static List<Parameter> params() {
        return List.of(new Parameter("d.weight", Parameter.Kind.WEIGHT, new float[] {1f, -2f}),
            new Parameter("d.bias", Parameter.Kind.BIAS, new float[] {3f}),
            new Parameter("bn.gamma", Parameter.Kind.GAMMA, new float[] {1f}),
            new Parameter("bn.beta", Parameter.Kind.BETA, new float[] {0.5f}));
    }

    @Test
    void weightDecayAppliesToWeightsOnlyUnlessAsked() {
        // zero gradients: only the decay moves parameters
        for (Optimizer o : List.of(Optimizer.sgd(0.1f).weightDecay(0.5f), Optimizer.adamW(0.1f, 0.5f))) {
            List<Parameter> p = params();
            new OptimizerState(o, p).step();
            assertTrue(Math.abs(p.get(0).value()[0]) < 1f, o + " decays weights");
            assertArrayEquals(new float[] {3f}, p.get(1).value(), o + " leaves the bias");
            assertArrayEquals(new float[] {1f}, p.get(2).value(), o + " leaves gamma");
            assertArrayEquals(new float[] {0.5f}, p.get(3).value(), o + " leaves beta");
            List<Parameter> all = params();
            new OptimizerState(o.decayAllParameters(true), all).step();
            assertTrue(all.get(1).value()[0] < 3f && all.get(2).value()[0] < 1f && all.get(3).value()[0] < 0.5f);
        }
        List<Parameter> p = params();
        new OptimizerState(Optimizer.sgd(0.1f).weightDecay(0.5f), p).step();
        assertEquals(1f - 0.1f * 0.5f, p.get(0).value()[0], 1e-7f);
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
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1f).nesterov(true));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(-1f));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5f));
    }

    /** Three updates of one weight tensor through the dsl, with a gradient that changes from step to step. */
    private static float[] viaDsl(Optimizer o) {
        Parameter w = new Parameter("d.weight", Parameter.Kind.WEIGHT, new float[] {1f, -2f, 0.5f});
        OptimizerState state = new OptimizerState(o, List.of(w));
        for (int t = 1; t <= 3; t++) {
            w.grad()[0] = 0.3f * t;
            w.grad()[1] = -0.7f;
            w.grad()[2] = 0.1f / t;
            state.step();
        }
        return w.value();
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
        assertArrayEquals(viaCore(new Optimizers.Adam(0.01f, 0.8f, 0.99f, 1e-8f, 0f, false)),
            viaDsl(Optimizer.adam(0.01f).betas(0.8f, 0.99f)));
        assertArrayEquals(viaCore(new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, true)),
            viaDsl(Optimizer.adamW(0.01f, 0.1f)));
        assertArrayEquals(viaCore(new Optimizers.Adam(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, false)),
            viaDsl(Optimizer.adam(0.01f).weightDecay(0.1f)), "Adam's weight decay is L2, AdamW's decoupled");
    }
}
