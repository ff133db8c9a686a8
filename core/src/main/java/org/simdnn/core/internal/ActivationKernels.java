package org.simdnn.core.internal;

/**
 * Elementwise activations, forward and backward. Implementations: {@link ScalarActivations} (twin, fallback) and
 * {@code vector.VectorActivations}. All methods are unchecked: the public facade {@code org.simdnn.core.Activations}
 * validates ranges, overlap and the slope before calling them. Identity needs no kernel (the facade copies).
 *
 * <p>Forward methods read {@code x[xOff, xOff+len)} and write {@code y[yOff, yOff+len)}; the two ranges are
 * identical or disjoint. Backward methods compute {@code dx = dy * f'} from the saved forward output {@code y}
 * (for ReLU and leaky ReLU with slope {@code >= 0}, {@code y > 0} exactly when {@code x > 0}); any two of
 * {@code y}, {@code dy}, {@code dx} are identical or disjoint ranges.
 */
public interface ActivationKernels {
    void relu(float[] x, int xOff, float[] y, int yOff, int len);

    void leakyRelu(float slope, float[] x, int xOff, float[] y, int yOff, int len);

    void tanh(float[] x, int xOff, float[] y, int yOff, int len);

    void sigmoid(float[] x, int xOff, float[] y, int yOff, int len);

    void lecunTanh(float[] x, int xOff, float[] y, int yOff, int len);

    /** {@code dx = dy * (y > 0 ? 1 : 0)}; NaN where y or dy is NaN. */
    void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** {@code dx = y > 0 ? dy : slope * dy}; NaN where y is NaN. */
    void leakyReluBackward(float slope, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** {@code dx = dy * (1 - y^2)}. */
    void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** {@code dx = dy * y * (1 - y)}. */
    void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);

    /** {@code dx = dy * (S/A) * (A - y) * (A + y)}, i.e. {@code A*S*(1 - (y/A)^2)}. */
    void lecunTanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len);
}
