package org.simdnn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.simdnn.testkit.Qt;

/**
 * Forward and backward activations through the public facade: deterministic length x offset sweeps against the
 * double oracle, invariants as properties, gradients against central finite differences of the double oracle,
 * and the boundary checks.
 */
class ActivationsTest {
    private static final float SLOPE = 0.01f;
    private static final double ULP1 = 0x1p-24;

    private static float slopeFor(Activation act) {
        return act == Activation.LEAKY_RELU ? SLOPE : 0f;
    }

    /** Inputs for sweeps: mostly in the interesting [-10, 10] range, with some specials and exact zeros. */
    private static float[] data(SplittableRandom r, int n) {
        float[] a = Sweep.uniform(r, n, -10, 10);
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-39f, -95f, 95f};
        for (int i = 0; i < n; i += 7) {
            a[i] = specials[r.nextInt(specials.length)];
        }
        return a;
    }

    @Test
    void forwardEveryLengthAndOffsetMatchesTheOracle() {
        SplittableRandom r = Qt.random(1);
        for (Activation act : Activation.values()) {
            float slope = slopeFor(act);
            for (int len = 0; len <= Sweep.maxLength(); len++) {
                for (int off = 0; off <= Sweep.maxOffset(); off++) {
                    float[] src = data(r, len);
                    float[] x = Sweep.embed(src, off, 3);
                    int yOff = (off * 5 + 3) % (Sweep.maxOffset() + 1);
                    float[] y = Sweep.embed(new float[len], yOff, 3);
                    Activations.forward(act, slope, x, off, y, yOff, len);
                    for (int i = 0; i < len; i++) {
                        String bad = ActivationOracle.violation(act, slope, src[i], y[yOff + i]);
                        if (bad != null) {
                            fail(bad + " [len " + len + ", offset " + off + ", element " + i + "]");
                        }
                    }
                    assertGuards(y, yOff, len, act + " len " + len);
                    // in place gives the same bits
                    Activations.forwardInPlace(act, slope, x, off, len);
                    assertArrayEquals(
                            Arrays.copyOfRange(y, yOff, yOff + len),
                            Arrays.copyOfRange(x, off, off + len),
                            act + " in place, len " + len);
                }
            }
        }
    }

    private static void assertGuards(float[] a, int off, int len, String what) {
        for (int i = 0; i < a.length; i++) {
            if ((i < off || i >= off + len) && !Float.isNaN(a[i])) {
                fail(what + ": wrote outside its range at index " + i);
            }
        }
    }

    /** The documented backward formula in double on the float saved output. */
    private static double backwardRef(Activation act, double slope, double y, double dy) {
        double a = Activation.LECUN_A;
        return switch (act) {
            case IDENTITY -> dy;
            case RELU -> dy * (y > 0 ? 1 : y <= 0 ? 0 : Double.NaN);
            case LEAKY_RELU -> y > 0 ? dy : y <= 0 ? slope * dy : Double.NaN;
            case TANH -> dy * (1 - y * y);
            case SIGMOID -> dy * y * (1 - y);
            case LECUN_TANH -> dy * ((double) Activation.LECUN_S / a) * (a - y) * (a + y);
        };
    }

    /**
     * Roundings in each backward formula, as a relative bound on {@code dx} given the float y: exact for identity and
     * ReLU, 1 for leaky ReLU, 2 for tanh and sigmoid (fma + product), and for LeCun 4 products plus the float
     * rounding of S/A (2 more) = 6, and 2 of slack each.
     */
    private static double backwardRel(Activation act) {
        return switch (act) {
            case IDENTITY, RELU -> 0;
            case LEAKY_RELU -> 1 * ULP1;
            case TANH, SIGMOID -> 4 * ULP1;
            case LECUN_TANH -> 8 * ULP1;
        };
    }

    @Test
    void backwardEveryLengthAndOffsetMatchesItsFormula() {
        SplittableRandom r = Qt.random(2);
        for (Activation act : Activation.values()) {
            float slope = slopeFor(act);
            for (int len = 0; len <= Sweep.maxLength(); len++) {
                for (int off = 0; off <= Sweep.maxOffset(); off++) {
                    float[] ySrc = data(r, len);
                    Activations.forward(act, slope, ySrc, ySrc);
                    float[] dySrc = Sweep.uniform(r, len, -3, 3);
                    if (len > 2) {
                        dySrc[len / 2] = Float.NaN;
                    }
                    int dyOff = (off * 3 + 1) % (Sweep.maxOffset() + 1);
                    int dxOff = (off * 7 + 2) % (Sweep.maxOffset() + 1);
                    float[] y = Sweep.embed(ySrc, off, 2);
                    float[] dy = Sweep.embed(dySrc, dyOff, 2);
                    float[] dx = Sweep.embed(new float[len], dxOff, 2);
                    Activations.backward(act, slope, y, off, dy, dyOff, dx, dxOff, len);
                    for (int i = 0; i < len; i++) {
                        double want = backwardRef(act, slope, ySrc[i], dySrc[i]);
                        float got = dx[dxOff + i];
                        String where = act + "' at y=" + ySrc[i] + ", dy=" + dySrc[i] + " [len " + len + ", element "
                                + i + "]";
                        if (Double.isNaN(want) || Float.isNaN(got)) {
                            assertEquals(
                                    Double.isNaN(want), Float.isNaN(got), where + ": got " + got + ", want " + want);
                        } else if (Double.isInfinite(want) || Double.isInfinite(got)) {
                            assertEquals(want, got, where);
                        } else {
                            // subnormal results round to absolute, not relative, steps: one Float.MIN_VALUE per
                            // rounding
                            double tol = backwardRel(act) * Math.abs(want)
                                    + (act == Activation.RELU ? 0 : 8 * Float.MIN_VALUE);
                            assertTrue(Math.abs(got - want) <= tol, () -> where + ": got " + got + ", want " + want);
                        }
                    }
                    assertGuards(dx, dxOff, len, act + "' len " + len);
                    Activations.backwardInPlace(act, slope, y, off, dy, dyOff, len);
                    assertArrayEquals(
                            Arrays.copyOfRange(dx, dxOff, dxOff + len),
                            Arrays.copyOfRange(dy, dyOff, dyOff + len),
                            act + "' in place, len " + len);
                }
            }
        }
    }

    /**
     * Error bound of {@code dx} against {@code dy * f'(x)}: the float y carries the forward error (abs 1e-6 for the
     * transcendental ones) times |dg/dy| (2 for tanh's 1 - y^2, 1 for sigmoid's y - y^2, 2S for LeCun's), plus
     * the formula's roundings, plus 1e-7 |dy| for the finite-difference truncation (h^2 f''' / 6 with h = 1e-4).
     */
    private static double gradTol(Activation act, double dy, double exact) {
        double dgdy = switch (act) {
            case IDENTITY, RELU, LEAKY_RELU -> 0;
            case TANH -> 2;
            case SIGMOID -> 1;
            case LECUN_TANH -> 2 * ActivationOracle.LECUN_S;
        };
        return Math.abs(dy) * (dgdy * ActivationOracle.ABS + 1e-7) + 8 * ULP1 * Math.abs(exact);
    }

    @Test
    void backwardMatchesFiniteDifferencesOfTheOracle() {
        Qt.qt()
                .forAll(
                        lists().of(floats().between(-12f, 12f)).ofSizeBetween(1, 300),
                        integers().between(0, Activation.values().length - 1))
                .checkAssert((xs, a) -> {
                    Activation act = Activation.values()[a];
                    float slope = slopeFor(act);
                    int n = xs.size();
                    float[] x = new float[n];
                    float[] dy = new float[n];
                    for (int i = 0; i < n; i++) {
                        float v = xs.get(i);
                        // stay off ReLU's kink, where the derivative is a convention rather than a limit
                        x[i] = Math.abs(v) < 1e-3f ? 0.5f : v;
                        dy[i] = (float) Math.sin(i + v);
                    }
                    float[] y = new float[n];
                    float[] dx = new float[n];
                    Activations.forward(act, slope, x, y);
                    Activations.backward(act, slope, y, 0, dy, 0, dx, 0, n);
                    for (int i = 0; i < n; i++) {
                        double h = 1e-4;
                        double fd =
                                (ActivationOracle.f(act, slope, x[i] + h) - ActivationOracle.f(act, slope, x[i] - h))
                                        / (2 * h);
                        double exact = dy[i] * fd;
                        double tol = gradTol(act, dy[i], exact);
                        assertTrue(
                                Math.abs(dx[i] - exact) <= tol,
                                act + "' at x=" + x[i] + ", dy=" + dy[i] + ": got " + dx[i] + ", finite differences "
                                        + exact + ", tolerance " + tol);
                    }
                });
    }

    private static float[] arr(List<Float> l) {
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    @Test
    void reluIsNonNegativeAndIdempotent() {
        Qt.qt()
                .forAll(lists().of(floats().between(-1e6f, 1e6f)).ofSizeBetween(0, 3000))
                .checkAssert(l -> {
                    float[] x = arr(l);
                    float[] y = new float[x.length];
                    Activations.forward(Activation.RELU, 0f, x, y);
                    float[] yy = y.clone();
                    Activations.forwardInPlace(Activation.RELU, 0f, yy, 0, yy.length);
                    for (int i = 0; i < x.length; i++) {
                        assertTrue(y[i] >= 0f, "relu(" + x[i] + ") = " + y[i]);
                        assertEquals(Math.max(0f, x[i]), y[i]);
                    }
                    assertArrayEquals(y, yy, "relu not idempotent");
                });
    }

    @Test
    void sigmoidIsInTheUnitIntervalAndSymmetric() {
        Qt.qt()
                .forAll(lists().of(floats().between(-120f, 120f)).ofSizeBetween(0, 3000))
                .checkAssert(l -> {
                    float[] x = arr(l);
                    float[] neg = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        neg[i] = -x[i];
                    }
                    float[] s = new float[x.length];
                    float[] sn = new float[x.length];
                    Activations.forward(Activation.SIGMOID, 0f, x, s);
                    Activations.forward(Activation.SIGMOID, 0f, neg, sn);
                    for (int i = 0; i < x.length; i++) {
                        assertTrue(s[i] >= 0f && s[i] <= 1f, "sigmoid(" + x[i] + ") = " + s[i]);
                        // each side within the absolute bound, plus the rounding of 1 - s
                        double tol = 2 * ActivationOracle.ABS + ULP1;
                        assertTrue(
                                Math.abs(sn[i] - (1.0 - s[i])) <= tol,
                                "sigmoid(-x) != 1 - sigmoid(x) at x=" + x[i] + ": " + sn[i] + " vs " + (1.0 - s[i]));
                    }
                });
    }

    @Test
    void tanhAndLecunAreExactlyOdd() {
        Qt.qt()
                .forAll(lists().of(floats().between(-50f, 50f)).ofSizeBetween(0, 3000))
                .checkAssert(l -> {
                    float[] x = arr(l);
                    float[] neg = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        neg[i] = -x[i];
                    }
                    for (Activation act : new Activation[] {Activation.TANH, Activation.LECUN_TANH}) {
                        float[] y = new float[x.length];
                        float[] yn = new float[x.length];
                        Activations.forward(act, 0f, x, y);
                        Activations.forward(act, 0f, neg, yn);
                        for (int i = 0; i < x.length; i++) {
                            assertEquals(-y[i], yn[i], act + " not odd at " + x[i]);
                            assertTrue(
                                    Math.abs(y[i]) <= (act == Activation.TANH ? 1f : Activation.LECUN_A),
                                    act + " out of range");
                        }
                    }
                });
    }

    /**
     * The approximations are monotone only to within their error: on sorted inputs an output may fall below its
     * predecessor by at most twice the absolute bound (measured: 6e-7 for tanh); ReLU and leaky ReLU exactly.
     */
    @Test
    void monotoneOnSortedInputs() {
        Qt.qt()
                .forAll(lists().of(floats().between(-30f, 30f)).ofSizeBetween(1, 3000))
                .checkAssert(l -> {
                    float[] x = arr(l);
                    Arrays.sort(x);
                    for (Activation act : Activation.values()) {
                        float[] y = new float[x.length];
                        Activations.forward(act, slopeFor(act), x, y);
                        double tol = switch (act) {
                            case IDENTITY, RELU, LEAKY_RELU -> 0;
                            case TANH, SIGMOID -> 2 * ActivationOracle.ABS;
                            case LECUN_TANH -> 2 * ActivationOracle.ABS * Activation.LECUN_A;
                        };
                        for (int i = 1; i < x.length; i++) {
                            assertTrue(y[i] >= y[i - 1] - tol, act + " decreases between " + x[i - 1] + " and " + x[i]);
                        }
                    }
                });
    }

    @Test
    void nanInNanOut() {
        for (Activation act : Activation.values()) {
            float[] x = new float[Sweep.maxLength()];
            Arrays.fill(x, Float.NaN);
            Activations.forwardInPlace(act, slopeFor(act), x, 0, x.length);
            for (float v : x) {
                assertTrue(Float.isNaN(v), act + " of NaN");
            }
            float[] dy = new float[x.length];
            Arrays.fill(dy, 1f);
            Activations.backwardInPlace(act, slopeFor(act), x, 0, dy, 0, dy.length);
            for (float v : dy) {
                assertTrue(act == Activation.IDENTITY || Float.isNaN(v), act + "' at NaN output");
            }
        }
    }

    @Test
    void boundaryChecksNameTheProblem() {
        float[] a = new float[8];
        float[] b = new float[8];
        assertMessage("act is null", () -> Activations.forward(null, 0f, a, 0, b, 0, 8));
        assertMessage("x is null", () -> Activations.forward(Activation.RELU, 0f, null, 0, b, 0, 8));
        assertMessage("y is null", () -> Activations.forward(Activation.RELU, 0f, a, 0, null, 0, 8));
        assertMessage("x is null", () -> Activations.forward(Activation.RELU, 0f, null, b));
        assertMessage("negative length", () -> Activations.forward(Activation.TANH, 0f, a, 0, b, 0, -1));
        assertMessage("negative offset", () -> Activations.forward(Activation.TANH, 0f, a, -1, b, 0, 1));
        assertMessage(
                "y: needs 8 elements from offset 1", () -> Activations.forward(Activation.TANH, 0f, a, 0, b, 1, 8));
        assertMessage("x: needs 9", () -> Activations.forward(Activation.SIGMOID, 0f, a, 0, b, 0, 9));
        assertMessage("partially overlap", () -> Activations.forward(Activation.SIGMOID, 0f, a, 0, a, 1, 4));
        assertMessage("slope", () -> Activations.forward(Activation.LEAKY_RELU, -0.1f, a, 0, b, 0, 8));
        assertMessage("slope", () -> Activations.forward(Activation.LEAKY_RELU, Float.NaN, a, 0, b, 0, 8));
        assertMessage(
                "slope", () -> Activations.forward(Activation.LEAKY_RELU, Float.POSITIVE_INFINITY, a, 0, b, 0, 8));
        assertMessage("slope", () -> Activations.backward(Activation.LEAKY_RELU, -1f, a, 0, b, 0, b, 0, 8));
        float[] c = new float[8];
        assertMessage("act is null", () -> Activations.backward(null, 0f, a, 0, b, 0, c, 0, 8));
        assertMessage("dy is null", () -> Activations.backward(Activation.TANH, 0f, a, 0, null, 0, c, 0, 8));
        assertMessage("dx: needs", () -> Activations.backward(Activation.TANH, 0f, a, 0, b, 0, c, 4, 8));
        assertMessage("y: needs", () -> Activations.backward(Activation.TANH, 0f, a, 2, b, 0, c, 0, 8));
        assertMessage("partially overlap", () -> Activations.backward(Activation.TANH, 0f, a, 0, b, 0, b, 2, 4));
        assertMessage("partially overlap", () -> Activations.backward(Activation.TANH, 0f, a, 0, a, 3, c, 0, 4));
        assertMessage("partially overlap", () -> Activations.backward(Activation.TANH, 0f, a, 0, b, 0, a, 1, 4));
        // length 0 and the slope of non-leaky activations are no errors
        Activations.forward(Activation.TANH, Float.NaN, a, 8, b, 8, 0);
        Activations.backward(Activation.RELU, -5f, a, 0, b, 0, c, 0, 0);
    }

    private static void assertMessage(String part, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
