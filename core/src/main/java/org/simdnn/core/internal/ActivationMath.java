package org.simdnn.core.internal;

import org.simdnn.core.Activation;

/**
 * What every activation computes, written once for both backends: the scalar definition of each activation
 * ({@link #apply}, used by every scalar twin and by the vector kernels' tails), the constants of the tanh rational
 * that {@code vector.VectorMath} evaluates lane-wise, and the scalar transcendental functions. {@link #tanh(float)}
 * evaluates exactly the same float operations as {@code vector.VectorMath.tanh} (correctly rounded fma and
 * division in the same order), so both backends return bit-identical tanh; {@link #sigmoid(float)} is computed in
 * double and rounded once.
 *
 * <p>Contract shared with {@code vector.VectorMath} (measured against the double-precision function over all
 * floats): absolute error {@code <= 1e-6} everywhere and relative error {@code <= 1e-5} where the true result's
 * magnitude is {@code >= 1e-30}; exact edges {@code tanh(+-0) = +-0}, {@code tanh(+-Inf) = +-1},
 * {@code sigmoid(-Inf) = 0}, {@code sigmoid(+Inf) = 1}; NaN for NaN; never NaN or overflow for other inputs.
 */
public final class ActivationMath {
    /** S/A of LeCun's tanh: its derivative is {@code dy * (S/A) * (A - y) * (A + y)}. */
    public static final float LECUN_S_OVER_A = Activation.LECUN_S / Activation.LECUN_A;

    /**
     * Above this magnitude tanh is returned as exactly +-1: there the rational approximation is 2.4e-7 below 1
     * and the true tanh is within 2.7e-7 of 1 (it rounds to 1.0f from 9.01 on).
     */
    public static final float TANH_SATURATION = 7.90531110763549805f;
    /**
     * Below this magnitude tanh(x) = x to within 1 ulp (x^3/3 is below half an ulp of x): returning x keeps
     * subnormal inputs exact, where the rational's products would underflow and lose relative accuracy.
     */
    public static final float TANH_TINY = 0.0004f;

    // Eigen's 13/6 rational minimax fit of tanh on [-7.9, 7.9] (Eigen 3.4, generic_fast_tanh_float): the numerator
    // is x * P(x^2), the denominator Q(x^2). Measured over all floats: max abs error 2.92e-7, max relative 2.92e-7.
    public static final float TANH_P1 = 4.89352455891786e-03f;
    public static final float TANH_P3 = 6.37261928875436e-04f;
    public static final float TANH_P5 = 1.48572235717979e-05f;
    public static final float TANH_P7 = 5.12229709037114e-08f;
    public static final float TANH_P9 = -8.60467152213735e-11f;
    public static final float TANH_P11 = 2.00018790482477e-13f;
    public static final float TANH_P13 = -2.76076847742355e-16f;
    public static final float TANH_Q0 = 4.89352518554385e-03f;
    public static final float TANH_Q2 = 2.26843463243900e-03f;
    public static final float TANH_Q4 = 1.18534705686654e-04f;
    public static final float TANH_Q6 = 1.19825839466702e-06f;

    private ActivationMath() {}

    /**
     * {@code tanh(x)} by a 13/6 rational approximation: absolute and relative error {@code <= 3e-7}; exact at
     * +-0, +-Inf and for {@code |x| < 0.0004} (subnormals included); NaN for NaN. Monotone only to within its error:
     * between neighbouring floats it can step down by up to 6e-7.
     */
    public static float tanh(float x) {
        float a = Math.abs(x);
        if (a >= TANH_SATURATION) {
            return Math.copySign(1f, x);
        }
        if (a < TANH_TINY) {
            return x;
        }
        float x2 = x * x;
        float p = Math.fma(x2, TANH_P13, TANH_P11);
        p = Math.fma(x2, p, TANH_P9);
        p = Math.fma(x2, p, TANH_P7);
        p = Math.fma(x2, p, TANH_P5);
        p = Math.fma(x2, p, TANH_P3);
        p = Math.fma(x2, p, TANH_P1);
        float q = Math.fma(x2, TANH_Q6, TANH_Q4);
        q = Math.fma(x2, q, TANH_Q2);
        q = Math.fma(x2, q, TANH_Q0);
        return x * p / q;
    }

    /**
     * {@code 1/(1+e^-x)} in double, rounded once: error {@code <= 0.5 ulp + 2^-29} relative; 0 at -Inf (and below
     * about -103.3, where the true value is under half the smallest subnormal), 1 at +Inf, never NaN for non-NaN
     * input (e^-x overflows to +Inf for x < -709, giving exactly 0).
     */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }

    /**
     * LeCun's scaled tanh {@code 1.7159 * tanh(2x/3)} ({@link Activation#LECUN_TANH}): the argument
     * is rounded to float before {@link #tanh(float)}, the product once more, so the error is that of tanh times
     * 1.7159 plus an ulp: absolute {@code <= 1e-6}, relative {@code <= 5e-7} where the result is a normal float
     * ({@code >= 2^-126}); a subnormal result carries the two roundings on the subnormal grid, within
     * {@code 2^-148} (lecunTanh(Float.MIN_VALUE) = 2 * Float.MIN_VALUE); +-1.7159f at +-Inf.
     */
    public static float lecunTanh(float x) {
        return scaledTanh(x, Activation.LECUN_A, Activation.LECUN_S);
    }

    /**
     * {@code act(v)}, the scalar activation of every kernel (the GEMM epilogue, batch norm and the elementwise
     * forward, vector tails included). NaN in, NaN out.
     */
    public static float apply(Activation act, float slope, float v) {
        return switch (act) {
            case IDENTITY -> v;
            case RELU -> relu(v);
            case LEAKY_RELU -> piecewise(v, slope);
            case TANH -> tanh(v);
            case SIGMOID -> sigmoid(v);
            case LECUN_TANH -> lecunTanh(v);
        };
    }

    /** {@code max(0, v)}; NaN for NaN, {@code +0} for {@code -0}. */
    public static float relu(float v) {
        return Math.max(0f, v);
    }

    /** {@code v > 0 ? v : slope * v}: leaky ReLU, and identity with slope 1. NaN for NaN. */
    public static float piecewise(float v, float slope) {
        return v > 0f ? v : slope * v;
    }

    /** {@code a * tanh(s * v)}: tanh with a = s = 1 (exactly {@link #tanh}), LeCun's with its A and S. */
    public static float scaledTanh(float v, float a, float s) {
        return a * tanh(s * v);
    }
}
