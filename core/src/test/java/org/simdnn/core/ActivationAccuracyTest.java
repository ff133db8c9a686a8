package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Accuracy of the transcendental activations over the whole float range: a strided sweep of bit patterns (about
 * 2M floats, every sign and exponent, varied mantissas) plus all special values, against the double oracle; exact
 * edge values. The exhaustive version is {@link ExhaustiveFloatSweepTest} (opt-in).
 */
class ActivationAccuracyTest {
    private static final Activation[] TRANSCENDENTAL = {Activation.TANH, Activation.SIGMOID, Activation.LECUN_TANH};
    /** Odd and prime, so consecutive samples walk through different mantissa bits and all exponents. */
    private static final int STRIDE = 2053;

    static float[] specials() {
        List<Float> v = new ArrayList<>();
        float[] base = {
            0f,
            Float.MIN_VALUE,
            2 * Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Math.nextDown(Float.MIN_NORMAL),
            Float.MIN_NORMAL / 3,
            1e-30f,
            1e-20f,
            1e-10f,
            1e-7f,
            1e-5f,
            1e-4f,
            0.0004f,
            0.001f,
            0.1f,
            0.5f,
            1f,
            2f,
            5.126039f,
            7.9053111f,
            8f,
            9f,
            9.01f,
            9.1f,
            10f,
            11.857967f,
            12f,
            15f,
            16.6f,
            17f,
            20f,
            30f,
            50f,
            69f,
            70f,
            87.33f,
            88f,
            88.72f,
            89f,
            90f,
            100f,
            103.28f,
            103.98f,
            104f,
            150f,
            1e10f,
            1e30f,
            Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NaN,
            Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0x7f800001)
        };
        for (float b : base) {
            for (float s : new float[] {b, -b}) {
                v.add(s);
                v.add(Math.nextUp(s));
                v.add(Math.nextDown(s));
            }
        }
        // neighbours of the tanh switch points and of LeCun's (switch point / S)
        for (float p : new float[] {0.0004f, 7.90531110763549805f, 7.90531110763549805f * 1.5f, 0.0006f}) {
            float a = p;
            for (int i = 0; i < 4; i++) {
                a = Math.nextDown(a);
            }
            for (int i = 0; i < 9; i++, a = Math.nextUp(a)) {
                v.add(a);
                v.add(-a);
            }
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    private static void checkAll(Activation act, float[] x) {
        float[] y = new float[x.length];
        Activations.forward(act, 0f, x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            String bad = ActivationOracle.violation(act, 0f, x[i], y[i]);
            if (bad != null) {
                fail(bad);
            }
        }
    }

    @Test
    void specialValuesMeetTheBound() {
        float[] x = specials();
        for (Activation act : TRANSCENDENTAL) {
            checkAll(act, x);
            // the same values again at every offset so each one also goes through the vector body and the tail
            for (int off = 1; off <= Sweep.maxOffset(); off++) {
                float[] shifted = new float[x.length + off];
                System.arraycopy(x, 0, shifted, off, x.length);
                checkAll(act, shifted);
            }
        }
    }

    @Test
    void stridedSweepOfTheFloatRangeMeetsTheBound() {
        int chunk = 1 << 16;
        float[] x = new float[chunk];
        float[] y = new float[chunk];
        long start = Qt.random(7).nextInt(STRIDE);
        for (Activation act : TRANSCENDENTAL) {
            int n = 0;
            for (long bits = start; bits <= 0xffffffffL; bits += STRIDE) {
                x[n++] = Float.intBitsToFloat((int) bits);
                if (n == chunk || bits + STRIDE > 0xffffffffL) {
                    Activations.forward(act, 0f, x, 0, y, 0, n);
                    for (int i = 0; i < n; i++) {
                        String bad = ActivationOracle.violation(act, 0f, x[i], y[i]);
                        if (bad != null) {
                            fail(bad + " (sweep start " + start + ")");
                        }
                    }
                    n = 0;
                }
            }
        }
    }

    private static float one(Activation act, float x) {
        float[] a = {x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
        Activations.forwardInPlace(act, 0f, a, 0, a.length);
        for (float v : a) {
            if (act == Activation.SIGMOID) {
                // the vector lanes (float exp) and the tail (double exp) may differ within the bound, e.g. in underflow
                String bad = ActivationOracle.violation(act, 0f, x, v);
                assertTrue(bad == null, bad);
            } else {
                // tanh: vector lanes and the scalar tail are bit-identical
                assertEquals(Float.floatToIntBits(a[0]), Float.floatToIntBits(v), act + "(" + x + ")");
            }
        }
        return a[0];
    }

    @Test
    void edgesAreExact() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.LECUN_TANH}) {
            float scale = act == Activation.TANH ? 1f : Activation.LECUN_A;
            assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(one(act, 0f)), act + "(+0)");
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(one(act, -0f)), act + "(-0)");
            assertEquals(scale, one(act, Float.POSITIVE_INFINITY), act + "(+Inf)");
            assertEquals(-scale, one(act, Float.NEGATIVE_INFINITY), act + "(-Inf)");
            assertEquals(scale, one(act, Float.MAX_VALUE), act + "(MAX)");
            assertEquals(-scale, one(act, -100f), act + "(-100)");
            assertTrue(Float.isNaN(one(act, Float.NaN)), act + "(NaN)");
        }
        // subnormal and tiny inputs: tanh(x) = x exactly
        for (float x : new float[] {Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 7, 1e-30f, -3e-4f}) {
            assertEquals(x, one(Activation.TANH, x), "tanh(" + x + ")");
        }
        assertEquals(0f, one(Activation.SIGMOID, Float.NEGATIVE_INFINITY));
        assertEquals(1f, one(Activation.SIGMOID, Float.POSITIVE_INFINITY));
        assertEquals(0.5f, one(Activation.SIGMOID, 0f));
        assertEquals(0.5f, one(Activation.SIGMOID, -0f));
        assertTrue(Float.isNaN(one(Activation.SIGMOID, Float.NaN)));
        for (float x :
                new float[] {-Float.MAX_VALUE, -1000f, -200f, -104f, -100f, -90f, -89f, 89f, 90f, 100f, Float.MAX_VALUE
                }) {
            float s = one(Activation.SIGMOID, x);
            assertTrue(s >= 0f && s <= 1f, "sigmoid(" + x + ") = " + s);
        }
        assertEquals(1f, one(Activation.SIGMOID, 100f));
        assertEquals(0f, one(Activation.SIGMOID, -200f));
        assertEquals(0f, one(Activation.SIGMOID, -Float.MAX_VALUE));
    }
}
