package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.simdnn.core.internal.ActivationMath;

/**
 * The edges the Javadoc states, checked as stated (a sweep of every float found the earlier wording wrong at each):
 * where tanh becomes exactly +-1, LeCun tanh's relative bound (normal results) and its absolute bound for
 * subnormal results, and when softmax cross-entropy's loss is finite. Through the public facades, so every
 * backend run covers its own kernels (vector lanes and scalar tails).
 */
class DocumentedEdgesTest {
    /** The documented first float where tanh is exactly 1. */
    private static final float TANH_ONE = 7.9053111f;

    private static float[] apply(Activation act, float[] x) {
        float[] y = new float[x.length];
        Activations.forward(act, 0f, x, 0, y, 0, x.length);
        return y;
    }

    @Test
    void tanhIsExactlyPlusMinusOneFrom7point905311AndBelowOneBefore() {
        assertEquals(ActivationMath.TANH_SATURATION, TANH_ONE);
        // every float in [7.9, 7.92], both signs
        int lo = Float.floatToRawIntBits(7.9f);
        int hi = Float.floatToRawIntBits(7.92f);
        float[] x = new float[2 * (hi - lo + 1)];
        for (int b = lo, i = 0; b <= hi; b++) {
            x[i++] = Float.intBitsToFloat(b);
            x[i++] = -Float.intBitsToFloat(b);
        }
        float[] y = apply(Activation.TANH, x);
        for (int i = 0; i < x.length; i++) {
            boolean one = Math.abs(x[i]) >= TANH_ONE;
            int ii = i;
            assertEquals(one, Math.abs(y[i]) == 1f, () -> "tanh(" + x[ii] + ") = " + y[ii]);
            if (one) {
                assertEquals(Math.copySign(1f, x[i]), y[i]);
            }
        }
        // above: a strided walk through every exponent up to Float.MAX_VALUE
        int n = 0;
        float[] big = new float[(Float.floatToRawIntBits(Float.MAX_VALUE) - hi) / 997 * 2 + 2];
        for (long b = hi; b <= Float.floatToRawIntBits(Float.MAX_VALUE); b += 997) {
            big[n++] = Float.intBitsToFloat((int) b);
            big[n++] = -Float.intBitsToFloat((int) b);
        }
        float[] yb = apply(Activation.TANH, java.util.Arrays.copyOf(big, n));
        for (int i = 0; i < n; i++) {
            assertEquals(Math.copySign(1f, big[i]), yb[i], "tanh(" + big[i] + ")");
        }
    }

    @Test
    void lecunTanhIsRelativelyAccurateForNormalResultsAndWithin2toMinus148Below() {
        // every subnormal input and every input of the two lowest normal binades, both signs
        int end = Float.floatToRawIntBits(0x1p-124f);
        float[] x = new float[2 * end];
        for (int b = 0; b < end; b++) {
            x[2 * b] = Float.intBitsToFloat(b);
            x[2 * b + 1] = -Float.intBitsToFloat(b);
        }
        float[] y = apply(Activation.LECUN_TANH, x);
        for (int i = 0; i < x.length; i++) {
            double want = ActivationOracle.f(Activation.LECUN_TANH, 0f, x[i]);
            double err = Math.abs(y[i] - want);
            int ii = i;
            if (Math.abs(want) >= Float.MIN_NORMAL) {
                assertTrue(
                        err <= 5e-7 * Math.abs(want),
                        () -> "lecun(" + x[ii] + ") = " + y[ii] + " vs " + want + ": relative " + err / Math.abs(want));
            } else {
                assertTrue(err <= 0x1p-148, () -> "lecun(" + x[ii] + ") = " + y[ii] + " vs " + want + ": " + err);
            }
        }
        assertEquals(2 * Float.MIN_VALUE, apply(Activation.LECUN_TANH, new float[] {Float.MIN_VALUE})[0]);
    }

    private static float loss(float[] logits, int n, int k, int[] labels, float[] grad) {
        return Losses.softmaxCrossEntropy(logits, 0, n, k, k, labels, 0, grad, 0, k);
    }

    @Test
    void softmaxCrossEntropyIsFiniteExactlyWhileTheMeanLossFitsInFloat() {
        float[] grad = new float[2];
        // +-3e38 with the label on the smaller logit: 6e38 per row, +Infinity (not NaN); the gradient stays finite
        assertEquals(Float.POSITIVE_INFINITY, loss(new float[] {3e38f, -3e38f}, 1, 2, new int[] {1}, grad));
        assertEquals(1f, grad[0]);
        assertEquals(-1f, grad[1]);
        // +-MAX/2: a row loss of exactly Float.MAX_VALUE is finite; one ulp of the logits further it is not
        float h = Float.MAX_VALUE / 2;
        assertEquals(Float.MAX_VALUE, loss(new float[] {h, -h}, 1, 2, new int[] {1}, grad));
        float h1 = Math.nextUp(h);
        assertEquals(Float.POSITIVE_INFINITY, loss(new float[] {h1, -h1}, 1, 2, new int[] {1}, grad));
        // a mean of rows beyond the float range that fits: (6e38 + 0 + 0) / 3 = 2e38
        float[] g3 = new float[6];
        float l3 = loss(new float[] {3e38f, -3e38f, 1f, 1f, -2f, 5f}, 3, 2, new int[] {1, 0, 1}, g3);
        double want = (2 * (double) 3e38f + Math.log(2) + Math.log1p(Math.exp(-7))) / 3;
        assertTrue(Math.abs(l3 - want) <= 8 * 0x1p-24 + 0x1p-24 * want, "loss " + l3 + " vs " + want);
        for (float g : g3) {
            assertTrue(Float.isFinite(g), "gradient " + java.util.Arrays.toString(g3));
        }
    }
}
