package org.simdnn.core;

/**
 * Elementwise nonlinearities that the fused kernels can apply. {@link #LEAKY_RELU} takes its negative slope as a
 * separate {@code float} argument of each kernel (commonly 0.01); the other activations ignore it.
 *
 * <p>{@link Activations} applies them to arrays, forward and backward, and documents their error bounds; every
 * derivative is computed from the forward output {@code y}.
 */
public enum Activation {
    /** {@code y = x}. */
    IDENTITY,
    /** {@code y = max(0, x)}; derivative 1 for {@code x > 0}, else 0 (0 at {@code x = 0}, as PyTorch). */
    RELU,
    /**
     * {@code y = x} for {@code x > 0}, else {@code slope * x}; derivative 1 for {@code x > 0}, else {@code slope}.
     * {@link Activations} requires a finite {@code slope >= 0}.
     */
    LEAKY_RELU,
    /** Hyperbolic tangent; derivative {@code 1 - y^2}. */
    TANH,
    /** Logistic function {@code 1 / (1 + e^-x)}; derivative {@code y (1 - y)}. */
    SIGMOID,
    /**
     * LeCun's scaled tanh, {@code 1.7159 * tanh(2x/3)} ("Efficient BackProp", 1998); derivative
     * {@code A S (1 - (y/A)^2)}.
     */
    LECUN_TANH;

    /** LeCun's output scale A in {@code A * tanh(S * x)}. */
    public static final float LECUN_A = 1.7159f;
    /** LeCun's input scale S in {@code A * tanh(S * x)}. */
    public static final float LECUN_S = 2f / 3f;
}
