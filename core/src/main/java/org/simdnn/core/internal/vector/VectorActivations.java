package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.simdnn.core.Activation;
import org.simdnn.core.internal.ActivationKernels;
import org.simdnn.core.internal.ActivationMath;
import org.simdnn.core.internal.ScalarActivations;

/**
 * Vector API activations: one streaming loop to {@code F.loopBound(len)} and the scalar twin for the tail, so the
 * tail elements get the same formulas (bit-identical for everything but sigmoid, whose scalar twin uses double
 * {@code Math.exp}). Each vector is loaded before its result is stored, so identical input and output ranges are
 * safe.
 */
public final class VectorActivations implements ActivationKernels {
    private static final ScalarActivations TAIL = new ScalarActivations();

    @Override
    public void relu(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            VectorMath.relu(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        TAIL.relu(x, xOff + i, y, yOff + i, len - i);
    }

    @Override
    public void leakyRelu(float slope, float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            VectorMath.piecewise(FloatVector.fromArray(F, x, xOff + i), slope).intoArray(y, yOff + i);
        }
        TAIL.leakyRelu(slope, x, xOff + i, y, yOff + i, len - i);
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            VectorMath.tanh(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        TAIL.tanh(x, xOff + i, y, yOff + i, len - i);
    }

    @Override
    public void sigmoid(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            VectorMath.sigmoid(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        TAIL.sigmoid(x, xOff + i, y, yOff + i, len - i);
    }

    @Override
    public void lecunTanh(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            VectorMath.lecunTanh(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        TAIL.lecunTanh(x, xOff + i, y, yOff + i, len - i);
    }

    @Override
    public void reluBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            // the step 1[y > 0], NaN where y is NaN (compare(LE) is false there, so those lanes keep y)
            FloatVector step =
                    v.blend(0f, v.compare(VectorOperators.LE, 0f)).blend(1f, v.compare(VectorOperators.GT, 0f));
            d.mul(step).intoArray(dx, dxOff + i);
        }
        TAIL.reluBackward(y, yOff + i, dy, dyOff + i, dx, dxOff + i, len - i);
    }

    @Override
    public void leakyReluBackward(
            float slope, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            VectorMask<Float> off = v.compare(VectorOperators.LE, 0f);
            VectorMask<Float> pass = v.compare(VectorOperators.GT, 0f);
            v.blend(d.mul(slope), off).blend(d, pass).intoArray(dx, dxOff + i);
        }
        TAIL.leakyReluBackward(slope, y, yOff + i, dy, dyOff + i, dx, dxOff + i, len - i);
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            d.mul(v.neg().fma(v, FloatVector.broadcast(F, 1f))).intoArray(dx, dxOff + i);
        }
        TAIL.tanhBackward(y, yOff + i, dy, dyOff + i, dx, dxOff + i, len - i);
    }

    @Override
    public void sigmoidBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            d.mul(v.neg().fma(v, v)).intoArray(dx, dxOff + i);
        }
        TAIL.sigmoidBackward(y, yOff + i, dy, dyOff + i, dx, dxOff + i, len - i);
    }

    @Override
    public void lecunTanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            FloatVector a = FloatVector.broadcast(F, Activation.LECUN_A);
            d.mul(a.sub(v).mul(a.add(v)).mul(ActivationMath.LECUN_S_OVER_A)).intoArray(dx, dxOff + i);
        }
        TAIL.lecunTanhBackward(y, yOff + i, dy, dyOff + i, dx, dxOff + i, len - i);
    }
}
