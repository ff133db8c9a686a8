package org.simdnn.core.internal;

/**
 * Scalar twin of the optimizer updates: the same per-element float operations, with {@link Math#fma} where the
 * vector kernel fuses, in one streaming loop that C2 may auto-vectorize.
 */
public final class ScalarOptimizers implements OptimizerKernels {

    @Override
    public void sgd(
            float lr,
            float momentum,
            float weightDecay,
            boolean nesterov,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] v,
            int vOff,
            int len) {
        float negLr = -lr;
        // Two loops rather than a per-element branch: keeps each loop body straight-line for C2.
        if (nesterov) {
            for (int i = 0; i < len; i++) {
                float pi = p[pOff + i];
                float gi = Math.fma(weightDecay, pi, g[gOff + i]);
                float vi = Math.fma(momentum, v[vOff + i], gi);
                v[vOff + i] = vi;
                p[pOff + i] = Math.fma(negLr, Math.fma(momentum, vi, gi), pi);
            }
        } else {
            for (int i = 0; i < len; i++) {
                float pi = p[pOff + i];
                float gi = Math.fma(weightDecay, pi, g[gOff + i]);
                float vi = Math.fma(momentum, v[vOff + i], gi);
                v[vOff + i] = vi;
                p[pOff + i] = Math.fma(negLr, vi, pi);
            }
        }
    }

    @Override
    public void adam(
            float decay,
            float l2,
            float beta1,
            float beta2,
            float stepSize,
            float invBc2Sqrt,
            float eps,
            float[] p,
            int pOff,
            float[] g,
            int gOff,
            float[] m,
            int mOff,
            float[] v,
            int vOff,
            int len) {
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        float negStep = -stepSize;
        for (int i = 0; i < len; i++) {
            float pi = p[pOff + i];
            float gi = Math.fma(l2, pi, g[gOff + i]);
            float mi = m[mOff + i];
            mi = Math.fma(oneMinusB1, gi - mi, mi);
            float vi = Math.fma(oneMinusB2, gi * gi, beta2 * v[vOff + i]);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = Math.fma((float) Math.sqrt(vi), invBc2Sqrt, eps);
            p[pOff + i] = Math.fma(negStep, mi / denom, pi * decay);
        }
    }
}
