package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
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
}
