package org.simdnn.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.dsl.internal.plan.Plan;
import org.simdnn.dsl.internal.plan.Step;
import org.simdnn.dsl.internal.plan.Workspace;

/**
 * Dropout through the compiled plan: inverted (kept values scaled by {@code 1 / (1 - rate)}, so the expected output
 * equals the input), active only in training workspaces, and a pure function of the batch's random key.
 */
class DropoutTest {

    private static final int ROWS = 256;
    private static final int WIDTH = 64;
    private static final float RATE = 0.25f;

    private static Plan plan() {
        Network net = Network.builder(16)
                .dense(WIDTH)
                .tanh()
                .dropout(RATE)
                .dense(2)
                .softmax()
                .seed(5)
                .build();
        return Plan.compile(net.state(), true);
    }

    private static int dropoutStep(Plan plan) {
        Step[] steps = plan.steps();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].describe().equals("dropout mask pass")) {
                return i;
            }
        }
        throw new AssertionError("no dropout step in " + Arrays.toString(steps));
    }

    private static float[] run(Plan plan, Workspace ws, long key) {
        SplittableRandom r = new SplittableRandom(9);
        float[] x = ws.input();
        for (int i = 0; i < ROWS * 16; i++) {
            x[i] = (float) r.nextGaussian();
        }
        plan.forward(ws, ROWS, key);
        return Arrays.copyOf(ws.values(dropoutStep(plan) + 1), ROWS * WIDTH);
    }

    @Test
    void trainingZeroesAboutRateAndScalesTheRestByTheInverseKeepProbability() {
        Plan plan = plan();
        Workspace ws = plan.newWorkspace(ROWS, true, false);
        float[] y = run(plan, ws, 123L);
        float[] x = ws.values(dropoutStep(plan));
        float scale = 1f / (1f - RATE);
        int zeroed = 0;
        double sumIn = 0;
        double sumOut = 0;
        for (int i = 0; i < ROWS * WIDTH; i++) {
            if (y[i] == 0f && x[i] != 0f) {
                zeroed++;
            } else {
                assertEquals(x[i] * scale, y[i], 0f, "kept value " + i + " is scaled by 1 / (1 - rate)");
            }
            sumIn += Math.abs(x[i]);
            sumOut += Math.abs(y[i]);
        }
        // 16384 Bernoulli(0.25) draws: standard deviation of the fraction ~0.0034, so +-0.02 is ~6 sigma
        assertEquals(RATE, zeroed / (double) (ROWS * WIDTH), 0.02, "fraction zeroed");
        // inverted dropout keeps the expected magnitude: E|y| = E|x|
        assertEquals(1.0, sumOut / sumIn, 0.03, "mean |output| / mean |input|");
    }

    @Test
    void maskIsAFunctionOfTheBatchKey() {
        Plan plan = plan();
        Workspace ws = plan.newWorkspace(ROWS, true, false);
        float[] a = run(plan, ws, 1L);
        float[] again = run(plan, ws, 1L);
        float[] other = run(plan, ws, 2L);
        assertArrayEquals(a, again, "same key, same mask");
        assertFalse(Arrays.equals(a, other), "another key, another mask");
    }

    @Test
    void inferenceIsTheIdentity() {
        Plan plan = plan();
        Workspace ws = plan.newWorkspace(ROWS, false, false);
        float[] y = run(plan, ws, 123L);
        float[] x = Arrays.copyOf(ws.values(dropoutStep(plan)), ROWS * WIDTH);
        assertArrayEquals(x, y);
    }
}
