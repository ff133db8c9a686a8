package org.simdnn.core;

import org.simdnn.core.internal.ActivationMath;

/**
 * Double-precision reference of the activations and the accuracy contract they are checked against (the bounds
 * documented on {@link Activations}): absolute error {@code <= 1e-6} everywhere and relative error {@code <= 1e-5}
 * where the true value's magnitude is at least the activation's floor ({@link #relFloor}: every nonzero tanh,
 * LeCun tanh's normal results, sigmoid from 1e-30); LeCun tanh's subnormal results within {@code 2^-148}; NaN
 * exactly for NaN inputs.
 */
final class ActivationOracle {
    static final double ABS = 1e-6;
    static final double REL = 1e-5;
    static final double REL_FLOOR = 1e-30;
    /** LeCun tanh's absolute bound below its relative floor (two roundings on the subnormal grid). */
    static final double LECUN_SUBNORMAL_ABS = 0x1p-148;

    /** Smallest true magnitude at which the relative bound is documented. */
    static double relFloor(Activation act) {
        return switch (act) {
            case TANH -> Double.MIN_VALUE;
            case LECUN_TANH -> Float.MIN_NORMAL;
            default -> REL_FLOOR;
        };
    }
    /** LeCun's constants as specified (not their float roundings): the float rounding is part of the error. */
    static final double LECUN_A = 1.7159;

    static final double LECUN_S = 2.0 / 3.0;

    private ActivationOracle() {}

    static double f(Activation act, double slope, double x) {
        return switch (act) {
            case IDENTITY -> x;
            case RELU -> Math.max(0.0, x);
            case LEAKY_RELU -> x > 0 ? x : slope * x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case LECUN_TANH -> LECUN_A * Math.tanh(LECUN_S * x);
        };
    }

    /** Null when {@code got} meets the contract for input {@code x}, else a message describing the violation. */
    static String violation(Activation act, float slope, float x, float got) {
        double want = f(act, slope, x);
        if (Double.isNaN(want) || Float.isNaN(got)) {
            return Double.isNaN(want) == Float.isNaN(got) ? null : msg(act, x, got, want, "NaN mismatch");
        }
        double err = Math.abs(got - want);
        if (Double.isInfinite(want)) {
            return got == want ? null : msg(act, x, got, want, "infinite result differs");
        }
        if (err > ABS) {
            return msg(act, x, got, want, "abs error " + err + " > " + ABS);
        }
        if (Math.abs(want) >= relFloor(act) && err > REL * Math.abs(want)) {
            return msg(act, x, got, want, "rel error " + err / Math.abs(want) + " > " + REL);
        }
        if (act == Activation.LECUN_TANH && Math.abs(want) < Float.MIN_NORMAL && err > LECUN_SUBNORMAL_ABS) {
            return msg(act, x, got, want, "subnormal result, abs error " + err + " > 2^-148");
        }
        if (act == Activation.TANH && (Math.abs(got) == 1f) != (Math.abs(x) >= ActivationMath.TANH_SATURATION)) {
            return msg(
                    act,
                    x,
                    got,
                    want,
                    "exactly +-1 must be the result for |x| >= " + ActivationMath.TANH_SATURATION + " and only there");
        }
        return null;
    }

    private static String msg(Activation act, float x, float got, double want, String what) {
        return act + "(" + x + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ") = " + got + ", expected "
                + want + ": " + what;
    }
}
