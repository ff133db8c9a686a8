package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.internal.ActivationMath;

/**
 * The fused dense-layer epilogue: {@code c[off + j] = act(c[off + j] + bias[biasOff + j])} over one finished run of
 * a row of C (after the last K block has been stored), vector body and scalar tail ({@link ActivationMath#apply}).
 *
 * <p>One loop per activation kind, with its formula written into the loop body. (Before, one loop called a shared
 * {@code activate(FloatVector, Activation, float)} switch of 123 bytecodes; C2 did not inline it at call sites it
 * did not count as hot, where MaxInlineSize (35) applies, or once its own compiled code was large, and every vector
 * passed in and out was boxed on the heap: {@code Gemm.dense} at 32 x 64 -> 1000 allocated 380 KB per call.) The
 * only calls left in the vector loops are the lane-wise formulas of {@link VectorMath} (shared with the activation
 * and BN kernels), called on every iteration: hot, and under FreqInlineSize (325 bytecodes).
 */
final class GemmEpilogue {
    private static final int L = F.length();

    private GemmEpilogue() {}

    /** Whether a call has an epilogue at all: a bias or an activation other than identity. */
    static boolean needed(float @Nullable [] bias, Activation act) {
        return bias != null || act != Activation.IDENTITY;
    }

    /** {@code c[off + j] = act(c[off + j] + bias[biasOff + j])} for j in [0, n); bias may be null. */
    static void apply(float[] c, int off, int n, float @Nullable [] bias, int biasOff, Activation act, float slope) {
        switch (act) {
            case IDENTITY -> bias(c, off, n, bias, biasOff);
            case RELU -> relu(c, off, n, bias, biasOff);
            case LEAKY_RELU -> leakyRelu(c, off, n, bias, biasOff, slope);
            case TANH -> tanh(c, off, n, bias, biasOff);
            case SIGMOID -> sigmoid(c, off, n, bias, biasOff);
            case LECUN_TANH -> lecunTanh(c, off, n, bias, biasOff);
        }
    }

    private static void bias(float[] c, int off, int n, float @Nullable [] bias, int biasOff) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            v.intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.IDENTITY, 0f);
    }

    private static void relu(float[] c, int off, int n, float @Nullable [] bias, int biasOff) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            VectorMath.relu(v).intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.RELU, 0f);
    }

    private static void leakyRelu(float[] c, int off, int n, float @Nullable [] bias, int biasOff, float slope) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            VectorMath.piecewise(v, slope).intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.LEAKY_RELU, slope);
    }

    private static void tanh(float[] c, int off, int n, float @Nullable [] bias, int biasOff) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            VectorMath.tanh(v).intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.TANH, 0f);
    }

    private static void sigmoid(float[] c, int off, int n, float @Nullable [] bias, int biasOff) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            VectorMath.sigmoid(v).intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.SIGMOID, 0f);
    }

    private static void lecunTanh(float[] c, int off, int n, float @Nullable [] bias, int biasOff) {
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            VectorMath.scaledTanh(v, Activation.LECUN_A, Activation.LECUN_S).intoArray(c, off + j);
        }
        tail(c, off, j, n, bias, biasOff, Activation.LECUN_TANH, 0f);
    }

    /** The scalar tail [from, n) of any kind. */
    private static void tail(
            float[] c, int off, int from, int n, float @Nullable [] bias, int biasOff, Activation act, float slope) {
        for (int j = from; j < n; j++) {
            float v = c[off + j];
            if (bias != null) {
                v += bias[biasOff + j];
            }
            c[off + j] = ActivationMath.apply(act, slope, v);
        }
    }
}
