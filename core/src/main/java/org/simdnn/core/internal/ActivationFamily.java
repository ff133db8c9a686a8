package org.simdnn.core.internal;

import org.simdnn.core.Activation;

/**
 * The loop families that implement the activations inside fused kernels (batch norm today): one loop nest per
 * family, chosen once per call, each parameterised by the few constants that tell its members apart. Shared by
 * both backends, so the grouping and the constants are decided once.
 */
public enum ActivationFamily {
    /** {@code y = z > 0 ? z : slope*z}: identity (slope 1) and leaky ReLU. */
    PIECEWISE,
    /** {@code y = max(0, z)}. */
    RELU,
    /** {@code y = A * tanh(S * z)}: tanh (A = S = 1) and LeCun's tanh. */
    TANH,
    /** {@code y = 1 / (1 + e^-z)}. */
    SIGMOID;

    /** The family implementing {@code act}. */
    public static ActivationFamily of(Activation act) {
        return switch (act) {
            case IDENTITY, LEAKY_RELU -> PIECEWISE;
            case RELU -> RELU;
            case TANH, LECUN_TANH -> TANH;
            case SIGMOID -> SIGMOID;
        };
    }

    /** The negative-side slope of a {@link #PIECEWISE} activation. */
    public static float slopeOf(Activation act, float slope) {
        return act == Activation.IDENTITY ? 1f : slope;
    }

    /** A of a {@link #TANH} activation. */
    public static float tanhA(Activation act) {
        return act == Activation.LECUN_TANH ? Activation.LECUN_A : 1f;
    }

    /** S of a {@link #TANH} activation. */
    public static float tanhS(Activation act) {
        return act == Activation.LECUN_TANH ? Activation.LECUN_S : 1f;
    }

    /**
     * {@code dy * act'(z)} from the pre-activation z (the scalar form, also the vector kernels' tails):
     * {@code slope} is {@link #slopeOf}, {@code a} and {@code s} are {@link #tanhA} and {@link #tanhS}.
     */
    public float dz(float z, float dy, float slope, float a, float s) {
        return switch (this) {
            case PIECEWISE -> z > 0f ? dy : slope * dy;
            case RELU -> z > 0f ? dy : 0f;
            case TANH -> {
                float th = ActivationMath.tanh(s * z);
                yield dy * (a * s) * Math.fma(-th, th, 1f);
            }
            case SIGMOID -> {
                float sg = ActivationMath.sigmoid(z);
                yield dy * (sg - sg * sg);
            }
        };
    }

    /**
     * Whether a two-pass backward keeps dz in dx between its passes instead of recomputing it: worth it only
     * where the derivative costs a transcendental.
     */
    public boolean storesDz() {
        return this == TANH || this == SIGMOID;
    }
}
