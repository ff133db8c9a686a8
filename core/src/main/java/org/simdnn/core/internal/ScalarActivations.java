package org.simdnn.core.internal;

import org.simdnn.core.Activation;

/**
 * Scalar twin of the activations: plain loops over {@link ActivationMath}, the fallback when the Vector API is
 * unavailable and the baseline the vector kernels are benchmarked against. Each element is read before its
 * output is written, so identical input and output ranges (in-place use) are safe.
 */
public final class ScalarActivations implements ActivationKernels {
    /** {@code S/A} of LeCun's tanh: its derivative is {@code (S/A) * (A - y) * (A + y)}. */
    @Override
    public void relu(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ActivationMath.relu(x[xOff + i]);
        }
    }

    @Override
    public void leakyRelu(float slope, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ActivationMath.piecewise(x[xOff + i], slope);
        }
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ActivationMath.tanh(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ActivationMath.sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void lecunTanh(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = ActivationMath.lecunTanh(x[xOff + i]);
        }
    }

    @Override
    public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            // The step 1[y > 0] (NaN for NaN) without a branch: max/min are branch-free intrinsics, and scaling by
            // 2^149 lifts even the smallest subnormal to 1. A branch on the sign (a ternary, or Math.signum)
            // mispredicts
            // on real data and was measured about 10x slower.
            float step = Math.min(1f, Math.max(0f, y[yOff + i]) * 0x1p127f * 0x1p22f);
            dx[dxOff + i] = dy[dyOff + i] * step;
        }
    }

    @Override
    public void leakyReluBackward(
            float slope, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            float d = dy[dyOff + i];
            dx[dxOff + i] = v > 0f ? d : v <= 0f ? slope * d : v;
        }
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            // fma rounds 1 - y^2 once: accurate where y is near +-1 and the derivative is tiny
            dx[dxOff + i] = dy[dyOff + i] * Math.fma(-v, v, 1f);
        }
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * Math.fma(-v, v, v);
        }
    }

    @Override
    public void lecunTanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = y[yOff + i];
            // A - y is exact near saturation (Sterbenz), unlike A^2 - y^2 with a rounded A^2
            dx[dxOff + i] = dy[dyOff + i]
                    * (ActivationMath.LECUN_S_OVER_A * ((Activation.LECUN_A - v) * (Activation.LECUN_A + v)));
        }
    }
}
