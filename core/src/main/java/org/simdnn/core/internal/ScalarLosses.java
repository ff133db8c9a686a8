package org.simdnn.core.internal;

/**
 * Scalar twin of the losses: the same three passes per row as the vector kernel (max; exp of the shifted logits,
 * stored in the output row, and their float sum; scale), the same float/double split (per-row sums in float,
 * per-row losses and the mean over rows in double), hence the same error contract.
 */
public final class ScalarLosses implements LossKernels {

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
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            int xo = xOff + r * xLd;
            int go = gradOff + r * gradLd;
            int label = labels[labelsOff + r];
            float m = rowMax(x, xo, k);
            // Read before the exp pass: grad may be x itself.
            float xl = x[xo + label];
            float s = expShifted(x, xo, k, m, grad, go);
            scale(grad, go, k, invN / s);
            grad[go + label] -= invN;
            total += Math.log(s) + ((double) m - xl);
        }
        return (float) (total / n);
    }

    @Override
    public void softmax(float[] x, int xOff, int n, int k, int xLd, float[] out, int outOff, int outLd) {
        for (int r = 0; r < n; r++) {
            int xo = xOff + r * xLd;
            int oo = outOff + r * outLd;
            float s = expShifted(x, xo, k, rowMax(x, xo, k), out, oo);
            scale(out, oo, k, 1f / s);
        }
    }

    @Override
    public float meanSquaredError(float[] p, int pOff, int n, int k, int pLd, float[] t, int tOff, int tLd) {
        double total = 0.0;
        for (int r = 0; r < n; r++) {
            int po = pOff + r * pLd;
            int to = tOff + r * tLd;
            float s = 0f;
            for (int j = 0; j < k; j++) {
                float d = p[po + j] - t[to + j];
                s = Math.fma(d, d, s);
            }
            total += s;
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
            int po = pOff + r * pLd;
            int to = tOff + r * tLd;
            int go = gradOff + r * gradLd;
            float s = 0f;
            for (int j = 0; j < k; j++) {
                float d = p[po + j] - t[to + j];
                s = Math.fma(d, d, s);
                grad[go + j] = d * c;
            }
            total += s;
        }
        return (float) (total / ((double) n * k));
    }

    private static float rowMax(float[] x, int xo, int k) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = xo, end = xo + k; j < end; j++) {
            m = Math.max(m, x[j]);
        }
        return m;
    }

    /** Writes {@code exp(x_j - m)} to out and returns their float sum (>= 1 unless NaN: the max term is 1). */
    private static float expShifted(float[] x, int xo, int k, float m, float[] out, int oo) {
        float s = 0f;
        for (int j = 0; j < k; j++) {
            float e = (float) Math.exp(x[xo + j] - m);
            out[oo + j] = e;
            s += e;
        }
        return s;
    }

    private static void scale(float[] a, int off, int k, float c) {
        for (int j = off, end = off + k; j < end; j++) {
            a[j] *= c;
        }
    }
}
