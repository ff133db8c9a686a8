package org.simdnn.core;

import org.simdnn.core.internal.ActivationKernels;
import org.simdnn.core.internal.BackendSelector;
import org.simdnn.core.internal.Checks;
import org.simdnn.core.internal.ParallelFor;

/**
 * Elementwise activation functions ({@link Activation}) over float arrays, forward and backward.
 *
 * <h2>Accuracy</h2>
 * Against the function evaluated in double precision, for every float input (checked over all 2^32 floats by the
 * opt-in {@code exhaustive} test profile):
 * <ul>
 *   <li>{@link Activation#IDENTITY}, {@link Activation#RELU}: exact; {@link Activation#LEAKY_RELU}: one rounding
 *       ({@code slope * x}, at most half an ulp; with slope 0, {@code -Inf} gives NaN as {@code 0 * -Inf}
 *       does).</li>
 *   <li>{@link Activation#TANH}: absolute error {@code <= 1e-6} everywhere and relative error {@code <= 1e-5}
 *       (measured: both {@code <= 3e-7}); exactly {@code +-0} at {@code +-0}, {@code x} itself for
 *       {@code |x| < 0.0004} (subnormals included), exactly {@code +-1} at {@code +-Inf} and for
 *       {@code |x| >= 7.905311} (the float {@code 7.9053111f}; every smaller {@code |x|} gives a magnitude below
 *       1). Odd: {@code tanh(-x) = -tanh(x)} exactly. Monotone only to within its error
 *       (neighbouring floats may step down by less than {@code 6e-7}).</li>
 *   <li>{@link Activation#SIGMOID}: absolute error {@code <= 1e-6} everywhere and relative error {@code <= 1e-5}
 *       where the true value is {@code >= 1e-30} (i.e. {@code x >= -69}; measured on the vector backend: absolute
 *       {@code 8.9e-8}, relative {@code 1.8e-7}); results lie in {@code [0, 1]};
 *       exactly 0 at {@code -Inf} and 1 at {@code +Inf}; no NaN or overflow for any finite input (below about
 *       {@code -88} the result underflows gracefully to subnormals and 0).</li>
 *   <li>{@link Activation#LECUN_TANH}: {@code 1.7159 * tanh(2x/3)} with the tanh above: absolute error
 *       {@code <= 1e-6}, relative {@code <= 1e-5} where the true value is a normal float ({@code >= 2^-126}, i.e.
 *       {@code |x| >= 1.03e-38}; measured: {@code 5.5e-7} and {@code 3.6e-7}); a subnormal result is within
 *       {@code 2^-148} (two roundings on the subnormal grid: {@code LECUN_TANH(Float.MIN_VALUE)} is
 *       {@code 2 * Float.MIN_VALUE}, the true value {@code 1.14 * Float.MIN_VALUE}); exactly {@code +-1.7159f} at
 *       {@code +-Inf}.</li>
 * </ul>
 * NaN inputs give NaN outputs; no method throws from inside its loop.
 *
 * <h2>Backward</h2>
 * {@link #backward} computes {@code dx = dy * f'(x)} from the saved forward <em>output</em> {@code y}, which every
 * activation's derivative can be written in: this lets the forward pass run in place ({@code y} overwriting
 * {@code x}). For the ReLUs, {@code y > 0} exactly when {@code x > 0} (slope {@code >= 0}); the derivative at 0 is
 * 0 for ReLU and {@code slope} for leaky ReLU (PyTorch's convention). Error: the derivative formula is evaluated
 * with at most 3 roundings, so {@code dx} is within a few ulps of {@code dy * g(y)} for the given float {@code y};
 * against the true derivative at {@code x} add {@code |dy| * |dg/dy| * err(y)}, i.e. at most
 * {@code |dy| * 2 * 1e-6} for tanh, {@code |dy| * 1e-6} for sigmoid and {@code |dy| * 2 * S * 1e-6} for LeCun's tanh.
 */
public final class Activations {
    private static final ActivationKernels K = BackendSelector.provider().activations();

    private Activations() {}

    /**
     * {@code y[yOff + i] = f(x[xOff + i])} for {@code i < len}, where {@code f} is {@code act} (with the negative
     * {@code slope} for {@link Activation#LEAKY_RELU}; ignored otherwise). In place is allowed: {@code x == y} with
     * {@code xOff == yOff}; partially overlapping ranges are refused.
     *
     * @param act the activation
     * @param slope negative slope of {@link Activation#LEAKY_RELU}: finite and {@code >= 0} (commonly 0.01);
     *     ignored by the other activations
     * @param x input array
     * @param xOff first input element
     * @param y output array (may be {@code x})
     * @param yOff first output element
     * @param len number of elements, {@code >= 0}
     * @throws IllegalArgumentException if {@code act} or an array is null, a range is out of bounds or negative,
     *     the ranges partially overlap, or the leaky slope is negative or not finite
     */
    public static void forward(Activation act, float slope, float[] x, int xOff, float[] y, int yOff, int len) {
        checkAct(act, slope);
        Checks.range("x", x, xOff, len);
        Checks.range("y", y, yOff, len);
        Checks.sameOrDisjoint("x", x, xOff, "y", y, yOff, len);
        if (act == Activation.IDENTITY) {
            if (x != y || xOff != yOff) {
                System.arraycopy(x, xOff, y, yOff, len);
            }
        } else if (ParallelFor.splits(len)) {
            ParallelFor.forEachElementRange(len, (s, l) -> forwardKernel(act, slope, x, xOff + s, y, yOff + s, l));
        } else {
            forwardKernel(act, slope, x, xOff, y, yOff, len);
        }
    }

    private static void forwardKernel(Activation act, float slope, float[] x, int xOff, float[] y, int yOff, int len) {
        switch (act) {
            case IDENTITY -> throw new AssertionError("identity is a copy");
            case RELU -> K.relu(x, xOff, y, yOff, len);
            case LEAKY_RELU -> K.leakyRelu(slope, x, xOff, y, yOff, len);
            case TANH -> K.tanh(x, xOff, y, yOff, len);
            case SIGMOID -> K.sigmoid(x, xOff, y, yOff, len);
            case LECUN_TANH -> K.lecunTanh(x, xOff, y, yOff, len);
        }
    }

    /**
     * {@code y[i] = f(x[i])} for all of {@code x}, as {@link #forward(Activation, float, float[], int, float[], int,
     * int)} with zero offsets and {@code len = x.length}.
     *
     * @param act the activation
     * @param slope negative slope of {@link Activation#LEAKY_RELU} (finite, {@code >= 0}); ignored otherwise
     * @param x input array
     * @param y output array, at least as long as {@code x}; may be {@code x}
     * @throws IllegalArgumentException as the offset form
     */
    public static void forward(Activation act, float slope, float[] x, float[] y) {
        if (x == null) {
            throw new IllegalArgumentException("x is null");
        }
        forward(act, slope, x, 0, y, 0, x.length);
    }

    /**
     * In-place forward: {@code x[off + i] = f(x[off + i])} for {@code i < len}.
     *
     * @param act the activation
     * @param slope negative slope of {@link Activation#LEAKY_RELU} (finite, {@code >= 0}); ignored otherwise
     * @param x array transformed in place
     * @param off first element
     * @param len number of elements, {@code >= 0}
     * @throws IllegalArgumentException as {@link #forward(Activation, float, float[], int, float[], int, int)}
     */
    public static void forwardInPlace(Activation act, float slope, float[] x, int off, int len) {
        forward(act, slope, x, off, x, off, len);
    }

    /**
     * Backward pass: {@code dx[dxOff + i] = dy[dyOff + i] * f'(x_i)} for {@code i < len}, where the derivative is
     * computed from the saved forward output {@code y_i = y[yOff + i]}:
     * <ul>
     *   <li>{@link Activation#IDENTITY}: {@code dx = dy} ({@code y} is not read but must still be a valid range);</li>
     *   <li>{@link Activation#RELU}: {@code dx = dy * 1[y > 0]}: {@code dy} where {@code y > 0}, {@code 0 * dy}
     *       where {@code y <= 0} (so a NaN or infinite {@code dy} is not masked, unlike PyTorch);</li>
     *   <li>{@link Activation#LEAKY_RELU}: {@code dx = dy} where {@code y > 0}, {@code slope * dy} where
     *       {@code y <= 0};</li>
     *   <li>{@link Activation#TANH}: {@code dx = dy * (1 - y^2)} (the {@code 1 - y^2} rounded once, by fma);</li>
     *   <li>{@link Activation#SIGMOID}: {@code dx = dy * y * (1 - y)} (the {@code y - y^2} rounded once, by
     *       fma);</li>
     *   <li>{@link Activation#LECUN_TANH}: {@code dx = dy * A * S * (1 - (y/A)^2)}, evaluated as
     *       {@code dy * (S/A) * (A - y) * (A + y)}, exact in {@code A - y} near saturation.</li>
     * </ul>
     * A NaN in {@code y} or {@code dy} gives NaN in {@code dx}. Any two of {@code y}, {@code dy}, {@code dx} may
     * be the same range (e.g. {@code dx} overwriting {@code dy}); partially overlapping ranges are refused.
     *
     * @param act the activation of the forward pass
     * @param slope the forward pass's leaky slope (finite, {@code >= 0}); ignored by the other activations
     * @param y saved forward output
     * @param yOff first element of {@code y}
     * @param dy gradient with respect to the output
     * @param dyOff first element of {@code dy}
     * @param dx gradient with respect to the input (written)
     * @param dxOff first element of {@code dx}
     * @param len number of elements, {@code >= 0}
     * @throws IllegalArgumentException if {@code act} or an array is null, a range is out of bounds or negative,
     *     two ranges partially overlap, or the leaky slope is negative or not finite
     */
    public static void backward(
            Activation act, float slope, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        checkAct(act, slope);
        Checks.range("y", y, yOff, len);
        Checks.range("dy", dy, dyOff, len);
        Checks.range("dx", dx, dxOff, len);
        Checks.sameOrDisjoint("y", y, yOff, "dx", dx, dxOff, len);
        Checks.sameOrDisjoint("dy", dy, dyOff, "dx", dx, dxOff, len);
        Checks.sameOrDisjoint("y", y, yOff, "dy", dy, dyOff, len);
        if (act == Activation.IDENTITY) {
            if (dy != dx || dyOff != dxOff) {
                System.arraycopy(dy, dyOff, dx, dxOff, len);
            }
        } else if (ParallelFor.splits(len)) {
            ParallelFor.forEachElementRange(
                    len, (s, l) -> backwardKernel(act, slope, y, yOff + s, dy, dyOff + s, dx, dxOff + s, l));
        } else {
            backwardKernel(act, slope, y, yOff, dy, dyOff, dx, dxOff, len);
        }
    }

    private static void backwardKernel(
            Activation act, float slope, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        switch (act) {
            case IDENTITY -> throw new AssertionError("identity is a copy");
            case RELU -> K.reluBackward(y, yOff, dy, dyOff, dx, dxOff, len);
            case LEAKY_RELU -> K.leakyReluBackward(slope, y, yOff, dy, dyOff, dx, dxOff, len);
            case TANH -> K.tanhBackward(y, yOff, dy, dyOff, dx, dxOff, len);
            case SIGMOID -> K.sigmoidBackward(y, yOff, dy, dyOff, dx, dxOff, len);
            case LECUN_TANH -> K.lecunTanhBackward(y, yOff, dy, dyOff, dx, dxOff, len);
        }
    }

    /**
     * In-place backward: {@code g[off + i] = g[off + i] * f'(x_i)}, the incoming gradient {@code dy} overwritten by
     * {@code dx}; as {@link #backward(Activation, float, float[], int, float[], int, float[], int, int)}.
     *
     * @param act the activation of the forward pass
     * @param slope the forward pass's leaky slope (finite, {@code >= 0}); ignored otherwise
     * @param y saved forward output
     * @param yOff first element of {@code y}
     * @param g gradient, {@code dy} on entry and {@code dx} on return
     * @param gOff first element of {@code g}
     * @param len number of elements, {@code >= 0}
     * @throws IllegalArgumentException as the general form
     */
    public static void backwardInPlace(Activation act, float slope, float[] y, int yOff, float[] g, int gOff, int len) {
        backward(act, slope, y, yOff, g, gOff, g, gOff, len);
    }

    private static void checkAct(Activation act, float slope) {
        if (act == null) {
            throw new IllegalArgumentException("act is null");
        }
        if (act == Activation.LEAKY_RELU && (!(slope >= 0f) || Float.isInfinite(slope))) {
            throw new IllegalArgumentException("LEAKY_RELU slope must be finite and >= 0 (so that y > 0 exactly where"
                    + " x > 0, which backward relies on), got " + slope);
        }
    }
}
