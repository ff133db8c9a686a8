package org.simdnn.core.internal.vector;

import static org.simdnn.core.internal.vector.Lanes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.simdnn.core.internal.LossKernels;

/**
 * Vector API losses, SIMD across the columns of one row. The ragged end of a row is handled with one masked
 * vector rather than a scalar tail: the typical classifier has fewer classes than lanes (k = 10 with 16 lanes),
 * where a scalar tail would mean a scalar {@code exp} per class, i.e. the scalar twin's speed.
 */
public final class VectorLosses implements LossKernels {

    @Override
    public float softmaxCrossEntropy(
            float[] x,
            int xOff,
            int n,
            int k,
            int xLd,
            int[] labels,
            int labelsOff,
            float[] grad,
            int gradOff,
            int gradLd) {
        float invN = (float) (1.0 / n);
        if (k <= F.length()) {
            return crossEntropyShortRows(n, k, x, xOff, xLd, labels, labelsOff, grad, gradOff, gradLd, invN);
        }
        float[] scratch = VectorMath.lanes();
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            int xo = xOff + r * xLd;
            int go = gradOff + r * gradLd;
            int label = labels[labelsOff + r];
            float m = rowMax(x, xo, k);
            // Read before the exp pass: grad may be x itself.
            float xl = x[xo + label];
            float s = expShifted(x, xo, k, m, grad, go, scratch);
            scale(grad, go, k, invN / s);
            grad[go + label] -= invN;
            total += Math.log(s) + ((double) m - xl);
        }
        return (float) (total / n);
    }

    @Override
    public void softmax(float[] x, int xOff, int n, int k, int xLd, float[] out, int outOff, int outLd) {
        if (k <= F.length()) {
            softmaxShortRows(n, k, x, xOff, xLd, out, outOff, outLd);
            return;
        }
        float[] scratch = VectorMath.lanes();
        for (int r = 0; r < n; r++) {
            int xo = xOff + r * xLd;
            int oo = outOff + r * outLd;
            float s = expShifted(x, xo, k, rowMax(x, xo, k), out, oo, scratch);
            scale(out, oo, k, 1f / s);
        }
    }

    /**
     * Rows of at most one vector: the row stays in one register through max, exp, sum and scale (one masked load,
     * one masked store), measured 25-35% faster at k = 10 than the general three-pass loop; the same operations on
     * the same lanes, hence the same error bound.
     */
    private static float crossEntropyShortRows(
            int n,
            int k,
            float[] x,
            int xOff,
            int xLd,
            int[] labels,
            int labelsOff,
            float[] grad,
            int gradOff,
            int gradLd,
            float invN) {
        VectorMask<Float> mask = F.indexInRange(0, k);
        float[] lanes = VectorMath.lanes();
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            int xo = xOff + r * xLd;
            int go = gradOff + r * gradLd;
            int label = labels[labelsOff + r];
            FloatVector xv = FloatVector.fromArray(F, x, xo, mask);
            float m = xv.reduceLanes(VectorOperators.MAX, mask);
            float xl = x[xo + label];
            // inactive lanes loaded 0 and exp to anything: zeroed before the sum, never stored
            FloatVector e = VectorMath.expNonPositive(xv.sub(m));
            float s = VectorMath.sumLanes(FloatVector.zero(F).blend(e, mask), lanes);
            e.mul(invN / s).intoArray(grad, go, mask);
            grad[go + label] -= invN;
            total += Math.log(s) + ((double) m - xl);
        }
        return (float) (total / n);
    }

    private static void softmaxShortRows(
            int n, int k, float[] x, int xOff, int xLd, float[] out, int outOff, int outLd) {
        VectorMask<Float> mask = F.indexInRange(0, k);
        float[] lanes = VectorMath.lanes();
        for (int r = 0; r < n; r++) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + r * xLd, mask);
            FloatVector e = VectorMath.expNonPositive(xv.sub(xv.reduceLanes(VectorOperators.MAX, mask)));
            float s = VectorMath.sumLanes(FloatVector.zero(F).blend(e, mask), lanes);
            e.mul(1f / s).intoArray(out, outOff + r * outLd, mask);
        }
    }

    @Override
    public float meanSquaredError(float[] p, int pOff, int n, int k, int pLd, float[] t, int tOff, int tLd) {
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            total += squaredDistance(p, pOff + r * pLd, t, tOff + r * tLd, k);
        }
        return (float) (total / ((double) n * k));
    }

    @Override
    public float meanSquaredErrorWithGradient(
            float[] p,
            int pOff,
            int n,
            int k,
            int pLd,
            float[] t,
            int tOff,
            int tLd,
            float[] grad,
            int gradOff,
            int gradLd) {
        float c = (float) (2.0 / ((double) n * k));
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            total += squaredDistanceAndGradient(p, pOff + r * pLd, t, tOff + r * tLd, k, c, grad, gradOff + r * gradLd);
        }
        return (float) (total / ((double) n * k));
    }

    private static float rowMax(float[] x, int xo, int k) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = F.loopBound(k); i < bound; i += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, x, xo + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        if (i < k) {
            VectorMask<Float> mask = F.indexInRange(i, k);
            m = Math.max(m, FloatVector.fromArray(F, x, xo + i, mask).reduceLanes(VectorOperators.MAX, mask));
        }
        return m;
    }

    /**
     * Writes {@code exp(x_j - m)} to out and returns their float sum (>= 1 unless NaN: the max term is 1). The ragged
     * end of the row goes through the same loop body as the rest, from a pad of -Inf (whose exp is 0, so the sum is
     * unchanged) in {@code scratch[L, 2L)}: one inlined copy of the exp polynomial per kernel. With a second, masked
     * copy for the tail, C2 reached its node-count cutoff inside the softmax kernels and left small vector helpers
     * out of line, boxing a vector per call (24 KB per call at 32 x 37, measured with {@code -prof gc}).
     */
    private static float expShifted(float[] x, int xo, int k, float m, float[] out, int oo, float[] scratch) {
        int lanes = F.length();
        int full = F.loopBound(k);
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < k; i += lanes) {
            boolean ragged = i == full;
            if (ragged) {
                java.util.Arrays.fill(scratch, lanes, 2 * lanes, Float.NEGATIVE_INFINITY);
                System.arraycopy(x, xo + i, scratch, lanes, k - i);
            }
            FloatVector e =
                    VectorMath.expNonPositive(FloatVector.fromArray(F, ragged ? scratch : x, ragged ? lanes : xo + i)
                            .sub(vm));
            acc = acc.add(e);
            if (ragged) {
                e.intoArray(scratch, lanes);
                System.arraycopy(scratch, lanes, out, oo + i, k - i);
            } else {
                e.intoArray(out, oo + i);
            }
        }
        return VectorMath.sumLanes(acc, scratch);
    }

    private static void scale(float[] a, int off, int k, float c) {
        int i = 0;
        for (int bound = F.loopBound(k); i < bound; i += F.length()) {
            FloatVector.fromArray(F, a, off + i).mul(c).intoArray(a, off + i);
        }
        if (i < k) {
            VectorMask<Float> mask = F.indexInRange(i, k);
            FloatVector.fromArray(F, a, off + i, mask).mul(c).intoArray(a, off + i, mask);
        }
    }

    /** Same operations in the same order as {@link #squaredDistanceAndGradient}, so both return the same loss. */
    private static float squaredDistance(float[] p, int po, float[] t, int to, int k) {
        FloatVector a0 = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(k); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, p, po + i).sub(FloatVector.fromArray(F, t, to + i));
            a0 = d.fma(d, a0);
        }
        if (i < k) {
            VectorMask<Float> mask = F.indexInRange(i, k);
            // Inactive lanes load 0 from both, so they add 0.
            FloatVector d = FloatVector.fromArray(F, p, po + i, mask).sub(FloatVector.fromArray(F, t, to + i, mask));
            a0 = d.fma(d, a0);
        }
        return VectorMath.sumLanes(a0, VectorMath.lanes());
    }

    private static float squaredDistanceAndGradient(
            float[] p, int po, float[] t, int to, int k, float c, float[] g, int go) {
        FloatVector a0 = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(k); i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, p, po + i).sub(FloatVector.fromArray(F, t, to + i));
            a0 = d.fma(d, a0);
            d.mul(c).intoArray(g, go + i);
        }
        if (i < k) {
            VectorMask<Float> mask = F.indexInRange(i, k);
            FloatVector d = FloatVector.fromArray(F, p, po + i, mask).sub(FloatVector.fromArray(F, t, to + i, mask));
            a0 = d.fma(d, a0);
            d.mul(c).intoArray(g, go + i, mask);
        }
        return VectorMath.sumLanes(a0, VectorMath.lanes());
    }
}
