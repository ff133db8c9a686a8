package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.jspecify.annotations.Nullable;
import org.simdnn.core.Activation;
import org.simdnn.core.internal.ScalarGemm;

/**
 * The fused dense-layer epilogue: {@code c[off + j] = act(c[off + j] + bias[biasOff + j])} over one finished run of
 * a row of C (after the last K block has been stored); vector body with {@link VectorMath}'s formulas and the
 * scalar tail of {@link ScalarGemm#activate}.
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
        int j = 0;
        for (int vb = F.loopBound(n); j < vb; j += L) {
            FloatVector v = FloatVector.fromArray(F, c, off + j);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, biasOff + j));
            }
            activate(v, act, slope).intoArray(c, off + j);
        }
        for (; j < n; j++) {
            float v = c[off + j];
            if (bias != null) {
                v += bias[biasOff + j];
            }
            c[off + j] = ScalarGemm.activate(v, act, slope);
        }
    }

    private static FloatVector activate(FloatVector v, Activation act, float slope) {
        return switch (act) {
            case IDENTITY -> v;
            case RELU -> v.max(0f);
            case LEAKY_RELU -> {
                VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
                yield v.mul(slope).blend(v, pos);
            }
            case TANH -> VectorMath.tanh(v);
            case SIGMOID -> VectorMath.sigmoid(v);
            case LECUN_TANH -> VectorMath.tanh(v.mul(Activation.LECUN_S)).mul(Activation.LECUN_A);
        };
    }
}
